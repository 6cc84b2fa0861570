package io.huying.platform.idempotency;

import io.huying.platform.error.Problem;
import io.huying.platform.error.ProblemException;
import io.huying.platform.error.Violation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for creating writes. Inside the write's transaction, {@link #claim}
 * inserts the key with the write's response before the write: a concurrent request with the same
 * key waits on that row and then sees the stored result, so N concurrent requests create one
 * resource. The same key with a different body is refused with 422.
 */
@ApplicationScoped
public class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    private static final String COMPLETED = "select request_hash, status, location, body from huying_idempotency_key where scope = $1 and key = $2";
    private static final Pattern SHAPE = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private final Pool pool;

    public IdempotencyKeys(Pool pool) {
        this.pool = pool;
    }

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

    /**
     * Claims {@code key} for {@code scope} in the current transaction, storing {@code outcome} (the
     * response of the write about to be made) with it: one statement, committed or rolled back with
     * the write. Empty: go ahead with the write. Present: the key was used before with the same
     * request; replay that response instead (the write is not made).
     */
    public Uni<Optional<StoredResponse>> claim(String scope, String key, String requestHash, StoredResponse outcome) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into huying_idempotency_key (scope, key, request_hash, status, location, body)
                        values (:scope, :key, :hash, :status, :location, :body)
                        on conflict do nothing""")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", requestHash)
                .setParameter("status", outcome.status()).setParameter("location", outcome.location())
                .setParameter("body", outcome.body())
                .executeUpdate()
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item(Optional.<StoredResponse>empty())
                        : session.find(IdempotencyRecord.class, new IdempotencyRecord.Key(scope, key))
                                .map(record -> Optional.of(replay(record, requestHash)))));
    }

    /**
     * The outcome of an earlier, completed request with this key, read before doing any work (the
     * claim inside the write's transaction still decides races). One pooled statement, outside any
     * session: it is on every creating request's path.
     */
    public Uni<Optional<StoredResponse>> completed(String scope, String key, String requestHash) {
        return pool.preparedQuery(COMPLETED).execute(Tuple.of(scope, key)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                return Optional.<StoredResponse>empty();
            }
            Row row = found.next();
            Integer status = row.getInteger("status");
            return status == null
                    ? Optional.<StoredResponse>empty()
                    : Optional.of(replay(row.getString("request_hash"), status, row.getString("location"), row.getString("body"), requestHash));
        });
    }

    private static StoredResponse replay(IdempotencyRecord record, String requestHash) {
        return replay(record.requestHash, record.status, record.location, record.body, requestHash);
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
