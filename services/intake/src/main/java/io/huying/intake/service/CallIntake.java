package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Ids;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallStatus;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.mapping.CallEvents;
import io.huying.intake.mapping.CallViews;
import io.huying.intake.repository.CallNumbers;
import io.huying.intake.repository.CallRepository;
import io.huying.intake.rest.RaiseCallRequest;
import io.huying.platform.TransactionLocks;
import io.huying.platform.error.ProblemException;
import io.huying.platform.idempotency.IdempotencyKeys;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * 呼叫受理 and 事件立项: stores a raised call and decides, in the same transaction, whether it is
 * accepted as a case, merged into an open duplicate or rejected; the event announcing the outcome
 * is written to the outbox in that transaction too.
 */
@ApplicationScoped
public class CallIntake {
    static final String SERVICE = "intake";

    /** What the client gets back; also what a retry with the same Idempotency-Key replays. */
    public record RaiseResult(int status, String location, String body) {
    }

    private final CallRepository calls;
    private final CallNumbers numbers;
    private final TransactionLocks locks;
    private final CategoryCatalogue catalogue;
    private final OrgTree orgTree;
    private final IntakeConfig config;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final CallViews views;
    private final CallEvents events;
    private final ObjectMapper json;
    private final Clock clock;

    public CallIntake(CallRepository calls, CallNumbers numbers, TransactionLocks locks, CategoryCatalogue catalogue, OrgTree orgTree, IntakeConfig config,
            IdempotencyKeys idempotencyKeys, Outbox outbox, OutboxRelay relay, CallViews views, CallEvents events, ObjectMapper json,
            Clock clock) {
        this.clock = clock;
        this.calls = calls;
        this.numbers = numbers;
        this.locks = locks;
        this.catalogue = catalogue;
        this.orgTree = orgTree;
        this.config = config;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.relay = relay;
        this.views = views;
        this.events = events;
        this.json = json;
    }

    public Uni<RaiseResult> raise(Caller caller, RaiseCallRequest request, String idempotencyKey) {
        IdempotencyKeys.validate(idempotencyKey);
        OrgPath unit = caller.unit();
        OrgUnit street = orgTree.streetOf(unit.value()).orElseThrow(() -> ProblemException.forbidden(
                "calls are raised by a street or community office; " + unit + " is neither"));
        Category category = catalogue.find(request.categoryCode()).orElseThrow(() -> ProblemException.unprocessable(
                "unknown-category", "categoryCode", "no category " + request.categoryCode() + " in catalogue " + catalogue.version()));
        String gridPath = request.location().gridPath();
        boolean isGrid = orgTree.unit(gridPath).map(u -> u.level() == UnitLevel.GRID).orElse(false);
        if (!isGrid || !unit.covers(gridPath)) {
            throw ProblemException.invalid("location.gridPath", "must be a grid (网格) within your unit " + unit);
        }
        String requestHash = IdempotencyKeys.hash(canonical(request));
        LocalDate day = LocalDate.ofInstant(clock.instant(), config.zone());

        Uni<RaiseResult> write = earlierOutcome(caller, idempotencyKey, requestHash)
                .chain(earlier -> earlier != null
                        ? Uni.createFrom().item(earlier)
                        : numbers.next(street.code(), day).chain(number -> Panache.withTransaction(() ->
                                        record(caller, request, category, street, number, idempotencyKey, requestHash))
                                .invoke(relay::committed)));
        return detachedFromCancellation(write);
    }

    /** A completed earlier request with the same key: replayed without taking a new number. */
    private Uni<RaiseResult> earlierOutcome(Caller caller, String idempotencyKey, String requestHash) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return idempotencyKeys.completed(caller.subject(), idempotencyKey, requestHash)
                .map(stored -> stored.map(CallIntake::replay).orElse(null));
    }

    private static RaiseResult replay(IdempotencyKeys.StoredResponse stored) {
        return new RaiseResult(stored.status(), stored.location(), stored.body());
    }

    /**
     * Once started, a call's write runs to commit or rollback even if the client hangs up: a
     * cancelled HTTP request must not abort a transaction halfway. The client's retry with the same
     * Idempotency-Key then gets the stored result.
     */
    private static <T> Uni<T> detachedFromCancellation(Uni<T> write) {
        return Uni.createFrom().emitter(emitter -> write.subscribe().with(emitter::complete, emitter::fail));
    }

    /**
     * Decides the outcome, then claims the Idempotency-Key with the response it will give (a retry
     * replays it), then stores the call and its event: all in the caller's transaction. A key already
     * claimed by an earlier request replays that request's response and writes nothing.
     */
    private Uni<RaiseResult> record(Caller caller, RaiseCallRequest request, Category category, OrgUnit street,
            String number, String idempotencyKey, String requestHash) {
        Instant now = clock.instant();
        Call call = newCall(caller, request, street, now);
        call.number = number;
        return outcome(call, category, now)
                .invoke(() -> call.lifecycle = CallLifecycle.valueOf(call.status.name()))
                .chain(() -> {
                    RaiseResult result = new RaiseResult(201, "/api/calls/" + call.id, toJson(views.view(call, caller)));
                    Uni<Optional<IdempotencyKeys.StoredResponse>> earlier = idempotencyKey == null
                            ? Uni.createFrom().item(Optional.empty())
                            : idempotencyKeys.claim(caller.subject(), idempotencyKey, requestHash,
                                    new IdempotencyKeys.StoredResponse(result.status(), result.location(), result.body()));
                    return earlier.chain(stored -> stored.isPresent()
                            ? Uni.createFrom().item(replay(stored.get()))
                            : calls.persist(call).chain(() -> announce(call)).replaceWith(result));
                });
    }

    /** Decides ACCEPTED, MERGED or REJECTED. */
    private Uni<Void> outcome(Call call, Category category, Instant now) {
        if (!category.active()) {
            call.status = CallStatus.REJECTED;
            call.rejectionCode = CallRejected.CATEGORY_INACTIVE;
            call.rejectionReason = "派单目录中的“" + category.name() + "”已停用"
                    + (category.replacedBy() == null ? "" : "，请改选 " + category.replacedBy())
                    + " (category " + category.code() + " is no longer in use"
                    + (category.replacedBy() == null ? ")" : "; use " + category.replacedBy() + ")");
            return Uni.createFrom().voidItem();
        }
        call.status = CallStatus.ACCEPTED;
        if (config.mergeWindow().isZero()) {
            return Uni.createFrom().voidItem();
        }
        // Two simultaneous duplicates must not both be accepted: one street and category at a time.
        return locks.lock("huying-merge:" + call.streetPath + ":" + call.categoryCode)
                .chain(() -> calls.openDuplicate(call.streetPath, call.categoryCode, call.gridPath, call.addressKey,
                        now.minus(config.mergeWindow())))
                .invoke(duplicate -> duplicate.ifPresent(open -> {
                    call.status = CallStatus.MERGED;
                    call.mergedIntoId = open.id;
                    call.mergedIntoNumber = open.number;
                }))
                .replaceWithVoid();
    }

    private Uni<Void> announce(Call call) {
        return switch (call.status) {
            case ACCEPTED -> outbox.append(Topics.CALLS, SERVICE, EventTypes.CALL_ACCEPTED, call.id, call.statusChangedAt,
                    events.accepted(call)).replaceWithVoid();
            case MERGED -> outbox.append(Topics.CALLS, SERVICE, EventTypes.CALL_MERGED, call.id, call.statusChangedAt,
                    events.merged(call)).replaceWithVoid();
            case REJECTED -> outbox.append(Topics.CALLS, SERVICE, EventTypes.CALL_REJECTED, call.id, call.statusChangedAt,
                    events.rejected(call)).replaceWithVoid();
        };
    }

    private Call newCall(Caller caller, RaiseCallRequest request, OrgUnit street, Instant now) {
        Call call = new Call();
        call.id = Ids.next();
        call.raisingUnit = caller.unit().value();
        call.streetPath = street.path();
        call.raisedBySubject = caller.subject();
        call.raisedByUsername = caller.username();
        call.categoryCode = request.categoryCode();
        call.catalogueVersion = catalogue.version();
        call.urgency = request.urgency();
        call.requestType = request.requestType();
        call.title = request.title().strip();
        call.description = request.description().strip();
        call.address = request.location().address().strip();
        call.addressKey = addressKey(call.address);
        call.gridPath = request.location().gridPath();
        call.latitude = request.location().latitude();
        call.longitude = request.location().longitude();
        if (request.reporter() != null) {
            call.reporterName = blankToNull(request.reporter().name());
            call.reporterPhone = blankToNull(request.reporter().phone());
        }
        call.attachments = views.attachmentsJson(request.attachmentsOrEmpty());
        call.channel = request.channel();
        call.raisedAt = now;
        call.statusChangedAt = now;
        return call;
    }

    /** Addresses match when they differ only in spacing, punctuation or letter case. */
    static String addressKey(String address) {
        return address.replaceAll("[\\s\\p{Punct}，。、；：（）【】·—“”‘’]", "").toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String canonical(RaiseCallRequest request) {
        return toJson(request);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
