package io.huying.platform.admin;

import io.agroal.api.AgroalDataSource;
import io.huying.platform.error.ProblemException;
import io.huying.platform.health.Stalls;
import io.huying.platform.http.QueryParams;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * One service's plumbing for the system administrator, at {@code /api/admin/services/<service>}
 * (the gateway routes each to its service): outbox rows Kafka refused for good and parked
 * (OutboxRelay), released back into the outbox when the cause is mended; what its consumers are
 * waiting for, and the event types they met but do not know.
 */
@Path("/api/admin/services/{service}")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ServiceAdminResource {
    /** A parked outbox row. */
    public record ParkedEvent(UUID id, String topic, String key, String eventType, int attempts, String lastError,
            Instant createdAt, Instant parkedAt) {
    }

    /** What the consumers wait for, and the unknown event types met since the start. */
    public record ConsumerState(Map<String, Stalls.Stall> stalled, Map<String, Long> unknownEventTypes, long outboxPending) {
    }

    private final String service;
    private final AgroalDataSource dataSource;
    private final Stalls stalls;
    private final ConsumedEvents consumed;
    private final OutboxRelay relay;

    public ServiceAdminResource(@ConfigProperty(name = "huying.service") String service, AgroalDataSource dataSource, Stalls stalls,
            ConsumedEvents consumed, OutboxRelay relay) {
        this.service = service;
        this.dataSource = dataSource;
        this.stalls = stalls;
        this.consumed = consumed;
        this.relay = relay;
    }

    @GET
    @Path("consumers")
    @Operation(summary = "What this service's consumers and outbox relay wait for, unknown event types met, outbox rows pending")
    public ConsumerState consumers(@PathParam("service") String name) throws SQLException {
        mine(name);
        return new ConsumerState(stalls.snapshot(), consumed.unknownTypes(), relay.pending());
    }

    @GET
    @Path("outbox/parked")
    @Operation(summary = "Outbox rows Kafka refused for good, parked with their last error, oldest first")
    public List<ParkedEvent> parked(@PathParam("service") String name) throws SQLException {
        mine(name);
        List<ParkedEvent> parked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, topic, message_key, event_type, attempts, last_error, created_at, parked_at
                from huying_outbox_parked order by seq""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                parked.add(new ParkedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
            }
        }
        return parked;
    }

    @POST
    @Path("outbox/parked/{id}/release")
    @Operation(summary = "Put a parked row back into the outbox (its attempts reset), once what Kafka refused is mended")
    public ParkedEvent release(@PathParam("service") String name, @PathParam("id") String id) throws SQLException {
        mine(name);
        UUID rowId = QueryParams.pathId("parked event", id);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with released as (delete from huying_outbox_parked where id = ? returning *)
                insert into huying_outbox (id, topic, message_key, event_type, payload, created_at, traceparent)
                select id, topic, message_key, event_type, payload, created_at, traceparent from released
                returning id, topic, message_key, event_type, created_at""")) {
            ps.setObject(1, rowId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("parked event " + id);
                }
                relay.expect();
                relay.committed();
                return new ParkedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), 0, null,
                        rs.getTimestamp(5).toInstant(), null);
            }
        }
    }

    private void mine(String name) {
        if (!service.equals(name)) {
            throw ProblemException.notFound("service " + name);
        }
    }
}
