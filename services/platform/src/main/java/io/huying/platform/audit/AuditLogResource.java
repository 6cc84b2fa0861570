package io.huying.platform.audit;

import io.agroal.api.AgroalDataSource;
import io.huying.platform.error.ProblemException;
import io.huying.platform.http.QueryParams;
import io.huying.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * 审计日志 — the operation audit log of one service, for the audit administrator only (not the
 * system administrator), newest first, at {@code /api/admin/services/<service>/audit}.
 */
@Path("/api/admin/services/{service}/audit")
@RolesAllowed(Roles.AUDIT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AuditLogResource {
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** One audited write. */
    public record Entry(long id, Instant at, String username, String units, String roles, String action, String target, int status,
            String outcome, String clientIp, String requestId, String detail) {
    }

    public record Page(List<Entry> items, int page, int size, long total) {
    }

    private final String service;
    private final AgroalDataSource dataSource;

    public AuditLogResource(@ConfigProperty(name = "huying.service") String service, AgroalDataSource dataSource) {
        this.service = service;
        this.dataSource = dataSource;
    }

    @GET
    @Operation(summary = "Audited writes, newest first: from/to (dates, China time, inclusive), username, outcome "
            + "(SUCCEEDED, REFUSED, FAILED), page (0-based, at most 10,000) and size (1 to 200, default 50)")
    public Page list(@PathParam("service") String name, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("username") String username, @QueryParam("outcome") String outcome, @QueryParam("page") String page,
            @QueryParam("size") String size) throws SQLException {
        if (!service.equals(name)) {
            throw ProblemException.notFound("service " + name);
        }
        LocalDate fromDate = QueryParams.date("from", from);
        LocalDate toDate = QueryParams.date("to", to);
        if (outcome != null && !outcome.isBlank() && !List.of("SUCCEEDED", "REFUSED", "FAILED").contains(outcome)) {
            throw ProblemException.invalid("outcome", "must be one of SUCCEEDED, REFUSED, FAILED");
        }
        int pageNumber = QueryParams.integer("page", page, 0, 0, 10_000);
        int pageSize = QueryParams.integer("size", size, 50, 1, 200);
        Timestamp start = fromDate == null ? null : Timestamp.from(fromDate.atStartOfDay(CHINA).toInstant());
        Timestamp end = toDate == null ? null : Timestamp.from(toDate.plusDays(1).atStartOfDay(CHINA).toInstant());
        String where = """
                where (cast(? as timestamptz) is null or occurred_at >= ?) and (cast(? as timestamptz) is null or occurred_at < ?)
                  and (cast(? as text) is null or username = ?) and (cast(? as text) is null or outcome = ?)""";
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from huying_audit_log\n" + where)) {
                bind(ps, start, end, blankToNull(username), blankToNull(outcome));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Entry> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select id, occurred_at, username, units, roles, action, target, status, outcome, client_ip, request_id, detail
                    from huying_audit_log
                    """ + where + " order by occurred_at desc, id desc limit ? offset ?")) {
                int next = bind(ps, start, end, blankToNull(username), blankToNull(outcome));
                ps.setInt(next, pageSize);
                ps.setLong(next + 1, (long) pageNumber * pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                                rs.getString(12)));
                    }
                }
            }
            return new Page(items, pageNumber, pageSize, total);
        }
    }

    private static int bind(PreparedStatement ps, Timestamp start, Timestamp end, String username, String outcome) throws SQLException {
        ps.setTimestamp(1, start);
        ps.setTimestamp(2, start);
        ps.setTimestamp(3, end);
        ps.setTimestamp(4, end);
        ps.setString(5, username);
        ps.setString(6, username);
        ps.setString(7, outcome);
        ps.setString(8, outcome);
        return 9;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
