package io.huying.platform.audit;

import io.huying.contracts.reference.OrgPath;
import io.huying.platform.db.GroupedWrites;
import io.huying.platform.security.Callers;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * 操作审计 — every write request to this service leaves a row in {@code huying_audit_log} before its
 * answer goes out: who (subject, username, units, roles — from the verified token, or none), when,
 * what (method and path, ids generalised), and the outcome (SUCCEEDED, REFUSED for 4xx, FAILED for
 * 5xx); the entries of requests answered together are written in one statement (GroupedWrites). The table is append-only (a trigger refuses update, truncate and the delete of a row younger
 * than 180 days); the audit administrator reads it ({@link AuditLogResource}). Reads are not logged.
 *
 * <p>A resource whose write is a transaction of its own may write its request's entry in it instead
 * ({@link #entry}, {@link #insertWithin}, then {@link #written}): one commit less per request, and
 * the entry is there exactly when the write is. The filter then leaves that request alone, unless it
 * is answered with another status than the one written (a failure after the commit).
 */
public class AuditTrail {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern UUID_SEGMENT = Pattern.compile("/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)");
    private static final Pattern NUMBER_SEGMENT = Pattern.compile("/[0-9]+(?=/|$)");

    /** Where a resource leaves a detail for its request's audit entry (e.g. the reason of a reveal). */
    private static final String DETAIL = "huying.audit.detail";

    /** Where a resource that wrote its request's entry itself leaves the status it wrote ({@link #written}). */
    private static final String WRITTEN = "huying.audit.written";

    /** The most entries one statement writes. */
    private static final int GROUP_SIZE = 100;
    /** Entries from a JSON array; %s is the parameter (the pool's {@code $1}, or Hibernate's {@code :entries}). */
    private static final String INSERT_FROM = """
            insert into huying_audit_log (subject, username, units, roles, action, target, status, outcome, client_ip, request_id, detail)
            select r.subject, r.username, r.units, r.roles, r.action, r.target, r.status, r.outcome, r.client_ip, r.request_id, r.detail
            from json_to_recordset(cast(cast(%s as text) as json)) as r(subject text, username text, units text, roles text, action text,
                 target text, status integer, outcome text, client_ip text, request_id text, detail text)""";
    private static final String INSERT = INSERT_FROM.formatted("$1");
    private static final String INSERT_WITHIN = INSERT_FROM.formatted(":entries");

    private final Pool pool;
    /** Entries of requests answered together go in one statement (one commit), like raised calls. */
    private final GroupedWrites<JsonObject, Void> entries;

    public AuditTrail(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.entries = new GroupedWrites<>(vertx, GROUP_SIZE, this::insert);
    }

    /**
     * Adds {@code detail} to the audit entry of the current request (e.g. why personal data was
     * revealed); at most 500 characters are kept.
     */
    public static void detail(RoutingContext routing, String detail) {
        routing.put(DETAIL, detail);
    }

    /**
     * The entry of the current request as it will be answered with {@code status}, for a resource that
     * writes it in its own transaction ({@link #insertWithin}) and then reports it ({@link #written}).
     */
    public static JsonObject entry(RoutingContext routing, int status) {
        return entry(routing.request().method().name(), routing.normalizedPath(), status, routing);
    }

    /** Writes {@code entries} ({@link #entry}) in the caller's transaction, in one statement. */
    public static Uni<Void> insertWithin(Mutiny.Session session, List<JsonObject> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(INSERT_WITHIN).setParameter("entries", new JsonArray(List.copyOf(entries)).encode())
                .executeUpdate().replaceWithVoid();
    }

    /** After the commit: the request's entry, with {@code status}, is written; the filter leaves it alone. */
    public static void written(RoutingContext routing, int status) {
        routing.put(WRITTEN, status);
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        String method = request.getMethod();
        int status = response.getStatus();
        if (READS.contains(method) || Integer.valueOf(status).equals(routing.get(WRITTEN))) {
            return Uni.createFrom().voidItem();
        }
        JsonObject entry = entry(method, request.getUriInfo().getPath(), status, routing);
        return entries.submit(entry)
                .onFailure().recoverWithItem(e -> {
                    // The database is away (or refused the row): the entry is kept in the service's log instead.
                    Log.errorf("the audit log did not take an entry (%s); kept here: %s", e.getMessage(), entry.encode());
                    return null;
                });
    }

    /** Who asked what, and how it was answered: the columns of one entry. */
    private static JsonObject entry(String method, String path, int status, RoutingContext routing) {
        String action = method + " " + NUMBER_SEGMENT.matcher(UUID_SEGMENT.matcher(path).replaceAll("/{id}")).replaceAll("/{n}");
        String outcome = status >= 500 ? "FAILED" : status >= 400 ? "REFUSED" : "SUCCEEDED";
        String subject = null;
        String username = null;
        String units = null;
        String roles = null;
        SecurityIdentity identity = routing.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity != null && !identity.isAnonymous()) {
            roles = String.join(",", new TreeSet<>(identity.getRoles()));
            if (identity.getPrincipal() instanceof JsonWebToken token) {
                subject = token.getSubject();
                Object name = token.getClaim("preferred_username");
                username = name == null ? subject : String.valueOf(name);
                units = String.join(",", Callers.orgPathsOf(token).stream().map(OrgPath::value).toList());
            } else {
                username = identity.getPrincipal().getName();
            }
        }
        String forwarded = routing.request().getHeader("X-Forwarded-For");
        String clientIp = forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].trim()
                : routing.request().remoteAddress() == null ? null : routing.request().remoteAddress().hostAddress();
        return new JsonObject().put("subject", text(subject)).put("username", text(username)).put("units", text(units))
                .put("roles", text(roles)).put("action", text(action)).put("target", text(path)).put("status", status).put("outcome", outcome)
                .put("client_ip", text(clientIp)).put("request_id", text(routing.request().getHeader("X-Request-Id")))
                .put("detail", text(routing.get(DETAIL)));
    }

    /** A group of entries in one statement. */
    private Uni<List<Void>> insert(List<JsonObject> group) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(new JsonArray(List.copyOf(group)).encode()))
                .map(ignored -> Collections.nCopies(group.size(), (Void) null));
    }

    /**
     * A value as the audit log keeps it: at most 500 characters, and NUL — which a path or header may
     * carry (%00) and PostgreSQL text cannot hold — written as the six characters backslash, u, 0000, so that such a
     * request is recorded too.
     */
    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String clipped = value.length() <= 500 ? value : value.substring(0, 500);
        return clipped.indexOf('\u0000') < 0 ? clipped : clipped.replace("\u0000", "\\u0000");
    }
}
