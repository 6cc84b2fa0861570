package io.huying.platform.idempotency;

import io.huying.contracts.problem.Problem;
import io.huying.contracts.problem.Violation;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating writes. Inside the write's transaction, {@link #claimAll}
 * inserts the key with the write's response before the write: a concurrent request with the same
 * key waits on that row and then sees the stored result, so N concurrent requests create one
 * resource. The same key with a different body is refused with 422.
 */
@ApplicationScoped
public class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    private static final String COMPLETED = """
            select k.scope, k.key, k.request_hash, k.status, k.location, k.body from huying_idempotency_key k
            where (k.scope, k.key) in (select w.scope, w.key
                                       from json_to_recordset(cast(cast(:wanted as text) as json)) as w(scope text, key text))""";
    private static final Pattern SHAPE = Pattern.compile("^[\\x21-\\x7E]{1,200}$");


    /** The stored outcome of the first request with a key. */
    public record StoredResponse(int status, String location, String body) {
    }

    /** Checks the header's shape: 1–200 visible ASCII characters. */
    public static void validate(String key) {
        if (key != null && !SHAPE.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 200 visible ASCII characters");
        }
    }

    /** A stable hash of a request's canonical form. */
    public static String hash(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One key to claim with {@link #claimAll}. */
    public record Claim(String scope, String key, String requestHash, StoredResponse outcome) {
    }

    /**
     * What {@link #claimAll} found for one claim: nothing ({@link #goAhead()}), the earlier response to
     * replay, or the 422 refusal of a key used with a different request.
     */
    public record Claimed(StoredResponse earlier, ProblemException refusal) {
        static final Claimed GO_AHEAD = new Claimed(null, null);

        public boolean goAhead() {
            return earlier == null && refusal == null;
        }
    }

    /**
     * Claims each key for its scope in the current transaction, storing with it the response of the
     * write about to be made: one statement for them all, committed or rolled back with the writes.
     * Each result, in the claims' order: go ahead with the write; or the key was used before with the
     * same request, so replay that response instead (the write is not made); or it was used with a
     * different request (422). Of two claims of the same key, the first goes ahead and the second
     * replays it.
     */
    public Uni<List<Claimed>> claimAll(List<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        JsonArray rows = new JsonArray();
        for (Claim claim : claims) {
            rows.add(new JsonObject().put("scope", claim.scope()).put("key", claim.key()).put("request_hash", claim.requestHash())
                    .put("status", claim.outcome().status()).put("location", claim.outcome().location())
                    .put("body", claim.outcome().body()));
        }
        return Panache.getSession().chain(session -> NativeSelects.create(session, """
                        with claimed as (
                            insert into huying_idempotency_key (scope, key, request_hash, status, location, body)
                            select r.scope, r.key, r.request_hash, r.status, r.location, r.body
                            from rows from (json_to_recordset(cast(cast(:rows as text) as json))
                                     as (scope text, key text, request_hash text, status integer, location text, body text))
                                 with ordinality as r(scope, key, request_hash, status, location, body, n)
                            order by r.n
                            on conflict do nothing
                            returning scope, key)
                        select scope || ' ' || key from claimed""", String.class)
                .setParameter("rows", rows.encode())
                .getResultList()
                .chain(inserted -> {
                    // A scope is a subject and a key visible ASCII: a space cannot make two pairs alike.
                    Set<String> fresh = new HashSet<>(inserted);
                    Uni<List<Claimed>> all = Uni.createFrom().item(new ArrayList<>(claims.size()));
                    for (Claim claim : claims) {
                        Uni<Claimed> found = fresh.remove(claim.scope() + " " + claim.key())
                                ? Uni.createFrom().item(Claimed.GO_AHEAD)
                                : session.find(IdempotencyRecord.class, new IdempotencyRecord.Key(claim.scope(), claim.key()))
                                        .map(record -> earlier(record, claim.requestHash()));
                        all = all.chain(list -> found.map(claimed -> {
                            list.add(claimed);
                            return list;
                        }));
                    }
                    return all;
                }));
    }

    /** A request's key to look up with {@link #completedAll}. */
    public record Lookup(String scope, String key, String requestHash) {
    }

    /**
     * The outcomes of earlier, completed requests with these keys, read before doing any work (the
     * claim later in the same transaction still decides races), in the look-ups' order: go ahead,
     * replay, or the 422 refusal. One statement for them all, in the caller's session: a write that
     * looks its keys up in its own transaction pays no commit of its own for it.
     */
    public Uni<List<Claimed>> completedAll(List<Lookup> lookups) {
        if (lookups.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        JsonArray wanted = new JsonArray();
        for (Lookup lookup : lookups) {
            wanted.add(new JsonObject().put("scope", lookup.scope()).put("key", lookup.key()));
        }
        return Panache.getSession().chain(session -> NativeSelects.create(session, COMPLETED, Object[].class)
                .setParameter("wanted", wanted.encode())
                .getResultList())
                .map(rows -> {
                    Map<String, Object[]> found = new HashMap<>();
                    for (Object[] row : rows) {
                        found.put(row[0] + " " + row[1], row);
                    }
                    List<Claimed> outcomes = new ArrayList<>(lookups.size());
                    for (Lookup lookup : lookups) {
                        Object[] row = found.get(lookup.scope() + " " + lookup.key());
                        Integer status = row == null || row[3] == null ? null : ((Number) row[3]).intValue();
                        outcomes.add(status == null ? Claimed.GO_AHEAD
                                : earlier((String) row[2], status, (String) row[4], (String) row[5], lookup.requestHash()));
                    }
                    return outcomes;
                });
    }

    private static Claimed earlier(IdempotencyRecord record, String requestHash) {
        return earlier(record.requestHash, record.status, record.location, record.body, requestHash);
    }

    private static Claimed earlier(String storedHash, int status, String location, String body, String requestHash) {
        try {
            return new Claimed(replay(storedHash, status, location, body, requestHash), null);
        } catch (ProblemException refused) {
            return new Claimed(null, refused);
        }
    }

    private static StoredResponse replay(String storedHash, int status, String location, String body, String requestHash) {
        if (!requestHash.equals(storedHash)) {
            throw new ProblemException(Problem.of("idempotency-key-reused", "Idempotency-Key reused", 422,
                    "this Idempotency-Key was already used with a different request; use a new key for a new request")
                    .withViolations(List.of(new Violation(HEADER, "already used with a different request"))));
        }
        return new StoredResponse(status, location, body);
    }
}
