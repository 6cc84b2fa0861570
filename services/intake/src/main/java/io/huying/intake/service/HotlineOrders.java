package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.intake.Call;
import io.huying.intake.HotlineOrder;
import io.huying.intake.RaiseCall;
import io.huying.intake.repository.HotlineCallbackRepository;
import io.huying.platform.db.UniqueViolations;
import io.huying.platform.error.ProblemException;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * 12345 热线工单 in: an order forwarded by the 12345 platform becomes a call raised through {@link CallIntake}
 * by the street its grid lies in (镇街呼叫，部门响应), through the 12345 channel, with the order number as its
 * external id and Idempotency-Key: a re-sent order is the same call. Its category comes from the mapping
 * table ({@link HotlineCategories}); an order of an unmapped code waits in the district's manual queue.
 */
@ApplicationScoped
public class HotlineOrders {
    private final CallIntake intake;
    private final HotlineCategories categories;
    private final HotlineCallbackRepository callbacks;
    private final Organisation organisation;
    private final ObjectMapper json;

    public HotlineOrders(CallIntake intake, HotlineCategories categories, HotlineCallbackRepository callbacks, Organisation organisation, ObjectMapper json) {
        this.intake = intake;
        this.categories = categories;
        this.callbacks = callbacks;
        this.organisation = organisation;
        this.json = json;
    }

    /**
     * Raises the order as the street of its grid, which must lie within {@code account}'s area; {@code audit}
     * goes in with the call. A re-sent order answers what the first one did (a different order under a number
     * already used is refused, 422); once its Idempotency-Key is gone (retention), with the call it became.
     */
    public Uni<HotlineOrder.Received> receive(Caller account, HotlineOrder order, JsonObject audit) {
        OrgUnit grid = organisation.current().units().stream().filter(u -> u.level() == UnitLevel.GRID && u.code().equals(order.gridCode()))
                .findFirst().orElse(null);
        if (grid == null) {
            throw ProblemException.invalid("gridCode", "no grid (网格) has the code " + order.gridCode());
        }
        if (!account.sees(grid.path())) {
            throw ProblemException.invalid("gridCode", "grid " + order.gridCode() + " lies outside your area "
                    + String.join(", ", account.orgPaths().stream().map(OrgPath::value).toList()));
        }
        OrgUnit street = organisation.current().streetOf(grid.path()).orElseThrow(() -> ProblemException.invalid("gridCode", "grid " + order.gridCode() + " lies in no street"));
        HotlineCategories.Mapped mapped = categories.map(order.categoryCode());
        Caller asStreet = new Caller(account.subject(), account.username(), account.roles(), List.of(street.orgPath()));
        RaiseCall raise = new RaiseCall(mapped.category().code(), order.urgency(), order.requestType(), title(order), order.description(),
                new RaiseCall.Place(order.address(), grid.path(), order.latitude(), order.longitude()),
                order.callerName() == null && order.callerPhone() == null ? null : new RaiseCall.Reporter(order.callerName(), order.callerPhone()),
                order.attachments(), Channel.HOTLINE_12345, List.of(), order.orderNo());
        return intake.raise(asStreet, raise, order.idempotencyKey(), audit)
                .map(result -> received(result.status() == 201 && result.audited(), result.body(), mapped.mapped()))
                .onFailure(e -> UniqueViolations.of(e, "calls_external_id")).recoverWithUni(() -> existing(order.orderNo(), mapped.mapped()));
    }

    /** The order {@code orderNo} and its steps, if {@code reader} may see its call (404 otherwise, as for any call). */
    @WithSession
    public Uni<HotlineOrder.State> find(Caller reader, String orderNo) {
        return Call.<Call>find("externalId", orderNo).firstResult().chain(call -> {
            if (call == null || !reader.sees(call.raisingUnit)) {
                return Uni.createFrom().failure(ProblemException.notFound("12345 order " + orderNo));
            }
            return callbacks.ofOrder(orderNo).map(steps -> new HotlineOrder.State(call, steps));
        });
    }

    /** 12345 orders often come without a title: the description's first line stands in, cut at 40 characters. */
    private static String title(HotlineOrder order) {
        if (order.title() != null && !order.title().isBlank()) {
            return order.title();
        }
        String line = order.description().strip().lines().findFirst().orElse("12345 工单 " + order.orderNo());
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }

    private HotlineOrder.Received received(boolean created, String body, boolean mapped) {
        JsonNode call = read(body);
        return new HotlineOrder.Received(created, UUID.fromString(call.path("id").asText()), call.path("number").asText(), call.path("status").asText(),
                call.path("categoryCode").asText(), mapped);
    }

    private Uni<HotlineOrder.Received> existing(String orderNo, boolean mapped) {
        return Panache.withSession(() -> Call.<Call>find("externalId", orderNo).firstResult()).map(call -> {
            if (call == null) {
                throw new IllegalStateException("order " + orderNo + " was refused as taken, yet no call has it");
            }
            return new HotlineOrder.Received(false, call.id, call.number, call.status.name(), call.categoryCode, mapped);
        });
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a raise's answer is not JSON", e);
        }
    }
}
