package io.huying.platform.audit;

import io.huying.contracts.reference.OrgPath;
import io.huying.platform.security.Callers;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * 操作审计 — every write request to this service leaves a row in {@code huying_audit_log} before its
 * answer goes out: who (subject, username, units, roles — from the verified token, or none), when,
 * what (method and path, ids generalised), and the outcome (SUCCEEDED, REFUSED for 4xx, FAILED for
 * 5xx). The table is append-only (a trigger refuses update, truncate and the delete of a row younger
 * than 180 days); the audit administrator reads it ({@link AuditLogResource}). Reads are not logged.
 */
public class AuditTrail {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern UUID_SEGMENT = Pattern.compile("/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)");
    private static final Pattern NUMBER_SEGMENT = Pattern.compile("/[0-9]+(?=/|$)");

    /** Where a resource leaves a detail for its request's audit entry (e.g. the reason of a reveal). */
    private static final String DETAIL = "huying.audit.detail";

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /**
     * Adds {@code detail} to the audit entry of the current request (e.g. why personal data was
     * revealed); at most 500 characters are kept.
     */
    public static void detail(RoutingContext routing, String detail) {
        routing.put(DETAIL, detail);
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, RoutingContext routing) {
        String method = request.getMethod();
        if (READS.contains(method)) {
            return Uni.createFrom().voidItem();
        }
        String path = request.getUriInfo().getPath();
        String action = method + " " + NUMBER_SEGMENT.matcher(UUID_SEGMENT.matcher(path).replaceAll("/{id}")).replaceAll("/{n}");
        int status = response.getStatus();
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
        String forwarded = request.getHeaderString("X-Forwarded-For");
        String clientIp = forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].trim()
                : routing.request().remoteAddress() == null ? null : routing.request().remoteAddress().hostAddress();
        Object[] entry = {text(subject), text(username), text(units), text(roles), text(action), text(path), status, outcome, text(clientIp),
            text(request.getHeaderString("X-Request-Id")), text(routing.get(DETAIL))};
        return pool.preparedQuery("""
                        insert into huying_audit_log (subject, username, units, roles, action, target, status, outcome, client_ip, request_id, detail)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
                .execute(Tuple.from(entry))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    // The database is away (or refused the row): the entry is kept in the service's log instead.
                    Log.errorf("the audit log did not take an entry (%s); kept here: user=%s units=%s roles=%s action=%s target=%s status=%d "
                            + "outcome=%s ip=%s request=%s detail=%s", e.getMessage(), entry[1], entry[2], entry[3], entry[4], entry[5], status,
                            outcome, entry[8], entry[9], entry[10]);
                    return null;
                });
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
