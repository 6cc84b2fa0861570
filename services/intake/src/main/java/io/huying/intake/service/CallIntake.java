package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Ids;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.FileRef;
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
import io.huying.platform.attachment.Attachments;
import io.huying.platform.error.ProblemException;
import io.huying.platform.idempotency.IdempotencyKeys;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.tracing.CallTraces;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * 呼叫受理 and 事件立项: stores a raised call and decides, in the same transaction, whether it is
 * accepted as a case, merged into an open duplicate or rejected; the event announcing the outcome
 * is written to the outbox in that transaction too.
 */
@ApplicationScoped
public class CallIntake {
    static final String SERVICE = "intake";
    /** What a call's files are bound to (附件 of a call), with the call's id. */
    public static final String FILES_SCOPE = "call";
    /** The most raises one transaction writes. */
    private static final int GROUP_SIZE = 100;

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
    private final IntakeMetrics metrics;
    private final Vertx vertx;
    private final Attachments attachments;
    /** Raises waiting for the writer, oldest first; guards {@link #writing} too. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private boolean writing;

    public CallIntake(CallRepository calls, CallNumbers numbers, TransactionLocks locks, CategoryCatalogue catalogue, OrgTree orgTree, IntakeConfig config,
            IdempotencyKeys idempotencyKeys, Outbox outbox, OutboxRelay relay, CallViews views, CallEvents events, ObjectMapper json,
            Clock clock, Vertx vertx, Attachments attachments, IntakeMetrics metrics) {
        this.attachments = attachments;
        this.metrics = metrics;
        this.clock = clock;
        this.vertx = vertx;
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

        // The raise's events continue the request's trace, though a writer on another context stores them.
        Pending pending = new Pending(caller, request, category, street, day, idempotencyKey, requestHash, Vertx.currentContext(),
                CallTraces.current());
        return Uni.createFrom().emitter(emitter -> queue(pending, emitter));
    }

    /** The answer to a raise whose key was used before: that request's response replayed, or the 422 refusal. */
    private static Written earlier(IdempotencyKeys.Claimed claimed) {
        if (claimed.refusal() != null) {
            return new Written(null, claimed.refusal(), null);
        }
        IdempotencyKeys.StoredResponse stored = claimed.earlier();
        return new Written(new RaiseResult(stored.status(), stored.location(), stored.body()), null, null);
    }

    /** A raise waiting for the writer: what was checked before, and where its caller waits. */
    private record Pending(Caller caller, RaiseCallRequest request, Category category, OrgUnit street, LocalDate day,
            String idempotencyKey, String requestHash, Context context, String traceparent) {
    }

    /** What one raise of a group came to: its result, or why it was refused; the call it stored, if it stored one. */
    private record Written(RaiseResult result, Throwable refusal, Call stored) {
    }

    /**
     * Raises are written in groups, one group at a time: a raise that finds the writer idle is written
     * at once, alone; those that come while a group is being written wait and go together in the next
     * one. A group looks up its Idempotency-Keys in one statement (a key of a completed request is
     * replayed without a number), takes its numbers in one statement per street and writes its calls, their
     * Idempotency-Keys and their events in one transaction (a handful of statements whatever its size)
     * instead of a transaction per call: under load the database's per-statement and per-commit cost,
     * not the work in it, is what limits intake (docs/benchmarks.md).
     *
     * <p>A group whose transaction fails is written again one call at a time, each in its own
     * transaction as before, so one bad call cannot fail the others. The write is subscribed by the
     * writer, not by the HTTP request: a client that hangs up never aborts a transaction halfway, and
     * its retry with the same Idempotency-Key gets the stored result.
     */
    private void queue(Pending pending, UniEmitter<? super RaiseResult> emitter) {
        List<Waiting> group;
        synchronized (waiting) {
            waiting.add(new Waiting(pending, emitter));
            if (writing) {
                return;
            }
            writing = true;
            group = nextGroup();
        }
        write(group);
    }

    private record Waiting(Pending pending, UniEmitter<? super RaiseResult> emitter) {
    }

    /** Up to {@link #GROUP_SIZE} of the waiting raises, oldest first; the caller holds {@code waiting}'s lock. */
    private List<Waiting> nextGroup() {
        List<Waiting> group = new ArrayList<>(Math.min(waiting.size(), GROUP_SIZE));
        while (!waiting.isEmpty() && group.size() < GROUP_SIZE) {
            group.add(waiting.poll());
        }
        return group;
    }

    /** Writes a group on a Vert.x context of its own (a database session lives on one context), then the next. */
    private void write(List<Waiting> group) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        // Deferred: a mistake while assembling the write must fail the group, never leave the writer busy for ever.
        context.runOnContext(ignored -> Uni.createFrom().deferred(() -> writeGroup(group)).subscribe().with(done -> writeNext(), failure -> {
            Log.errorf(failure, "writing %d raised calls failed", group.size());
            group.forEach(w -> answer(w, new Written(null, failure, null)));
            writeNext();
        }));
    }

    private void writeNext() {
        List<Waiting> group;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                writing = false;
                return;
            }
            group = nextGroup();
        }
        write(group);
    }

    /**
     * Answers the raises whose Idempotency-Key belongs to a completed earlier request (replayed
     * without taking a new number), then writes the rest.
     */
    private Uni<Void> writeGroup(List<Waiting> group) {
        List<Waiting> keyed = group.stream().filter(w -> w.pending().idempotencyKey() != null).toList();
        return idempotencyKeys.completedAll(keyed.stream()
                        .map(w -> new IdempotencyKeys.Lookup(w.pending().caller().subject(), w.pending().idempotencyKey(), w.pending().requestHash()))
                        .toList())
                .chain(earlier -> {
                    Set<Waiting> answered = Collections.newSetFromMap(new IdentityHashMap<>());
                    for (int i = 0; i < keyed.size(); i++) {
                        IdempotencyKeys.Claimed found = earlier.get(i);
                        if (!found.goAhead()) {
                            answer(keyed.get(i), earlier(found));
                            answered.add(keyed.get(i));
                        }
                    }
                    List<Waiting> rest = answered.isEmpty() ? group : group.stream().filter(w -> !answered.contains(w)).toList();
                    return rest.isEmpty() ? Uni.createFrom().voidItem() : writeNew(rest);
                });
    }

    private Uni<Void> writeNew(List<Waiting> group) {
        List<Pending> pendings = group.stream().map(Waiting::pending).toList();
        Uni<List<Written>> written = group.size() == 1
                ? writeAlone(pendings.get(0)).map(List::of)
                : numbersFor(pendings)
                        .chain(numbers -> Panache.withTransaction(() -> recordAll(pendings, numbers)))
                        .onFailure().recoverWithUni(failure -> {
                            Log.warnf("a group of %d raised calls failed to commit (%s); writing them one by one", group.size(),
                                    failure.getMessage());
                            return Multi.createFrom().iterable(pendings).onItem().transformToUniAndConcatenate(this::writeAlone)
                                    .collect().asList();
                        })
                        .invoke(relay::committed);
        return written.invoke(results -> {
            results.stream().map(Written::stored).filter(Objects::nonNull).forEach(metrics::stored);
            for (int i = 0; i < group.size(); i++) {
                answer(group.get(i), results.get(i));
            }
        }).replaceWithVoid();
    }

    /** One call in its own transaction; a refusal is its answer, not a failure of the group. */
    private Uni<Written> writeAlone(Pending p) {
        return numbers.next(p.street().code(), p.day())
                .chain(number -> Panache.withTransaction(() -> record(p, number)))
                .invoke(relay::committed)
                .onFailure().recoverWithItem(failure -> new Written(null, failure, null));
    }

    /** The group's numbers in its order: one statement for each street and day in it. */
    private Uni<List<String>> numbersFor(List<Pending> pendings) {
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < pendings.size(); i++) {
            positions.computeIfAbsent(pendings.get(i).street().code() + "/" + pendings.get(i).day(), k -> new ArrayList<>()).add(i);
        }
        String[] taken = new String[pendings.size()];
        Uni<Void> all = Uni.createFrom().voidItem();
        for (List<Integer> at : positions.values()) {
            Pending first = pendings.get(at.get(0));
            all = all.chain(() -> numbers.take(first.street().code(), first.day(), at.size()).invoke(run -> {
                for (int n = 0; n < at.size(); n++) {
                    taken[at.get(n)] = run.get(n);
                }
            })).replaceWithVoid();
        }
        return all.map(ignored -> Arrays.asList(taken));
    }

    /**
     * The group's calls in one transaction. With duplicate merging on, each call's duplicate check
     * must see the calls before it, so they are recorded in turn; otherwise their Idempotency-Keys
     * are claimed in one statement, the calls inserted in JDBC batches and their events appended in
     * one statement.
     */
    private Uni<List<Written>> recordAll(List<Pending> pendings, List<String> numbers) {
        if (!config.mergeWindow().isZero()) {
            Uni<List<Written>> all = Uni.createFrom().item(new ArrayList<>(pendings.size()));
            for (int i = 0; i < pendings.size(); i++) {
                Pending p = pendings.get(i);
                String number = numbers.get(i);
                all = all.chain(list -> record(p, number).call(Panache::flush).map(written -> {
                    list.add(written);
                    return list;
                }));
            }
            return all;
        }
        Instant now = clock.instant();
        List<Call> calls = new ArrayList<>(pendings.size());
        for (int i = 0; i < pendings.size(); i++) {
            Pending p = pendings.get(i);
            Call call = newCall(p.caller(), p.request(), p.street(), now);
            call.number = numbers.get(i);
            decide(call, p.category());
            calls.add(call);
        }
        return store(pendings, calls);
    }

    /**
     * Claims the Idempotency-Keys of decided calls with the responses they will give, in one statement,
     * then stores the calls whose key went ahead (or that have none) and appends their events. A key
     * claimed before replays its response, or is refused with 422 for a different request, and that
     * call is not written.
     */
    private Uni<List<Written>> store(List<Pending> pendings, List<Call> calls) {
        // The files as the answer shows them, read before the Idempotency-Keys are claimed with that answer;
        // they are claimed (checked and bound) only for the calls that are then written.
        List<UUID> fileIds = pendings.stream().flatMap(p -> p.request().filesOrEmpty().stream()).toList();
        return attachments.refs(fileIds).chain(known -> {
            List<RaiseResult> results = new ArrayList<>(pendings.size());
            List<IdempotencyKeys.Claim> claims = new ArrayList<>();
            for (int i = 0; i < pendings.size(); i++) {
                Pending p = pendings.get(i);
                Call call = calls.get(i);
                List<FileRef> files = p.request().filesOrEmpty().stream().distinct().map(known::get).filter(Objects::nonNull).toList();
                RaiseResult result = new RaiseResult(201, "/api/calls/" + call.id, toJson(views.view(call, p.caller(), files)));
                results.add(result);
                if (p.idempotencyKey() != null) {
                    claims.add(new IdempotencyKeys.Claim(p.caller().subject(), p.idempotencyKey(), p.requestHash(),
                            new IdempotencyKeys.StoredResponse(result.status(), result.location(), result.body())));
                }
            }
            return idempotencyKeys.claimAll(claims).chain(claimed -> {
                List<Written> written = new ArrayList<>(pendings.size());
                List<Call> toStore = new ArrayList<>(pendings.size());
                List<Pending> storing = new ArrayList<>(pendings.size());
                int claim = 0;
                for (int i = 0; i < pendings.size(); i++) {
                    IdempotencyKeys.Claimed outcome = pendings.get(i).idempotencyKey() == null ? null : claimed.get(claim++);
                    if (outcome == null || outcome.goAhead()) {
                        toStore.add(calls.get(i));
                        storing.add(pendings.get(i));
                        written.add(new Written(results.get(i), null, calls.get(i)));
                    } else {
                        written.add(earlier(outcome));
                    }
                }
                if (toStore.isEmpty()) {
                    return Uni.createFrom().item(written);
                }
                return claimFiles(storing, toStore)
                        .chain(files -> this.calls.persist(toStore)
                                .chain(() -> outbox.appendAll(Topics.CALLS, announced(storing, toStore, files))))
                        .replaceWith(written);
            });
        });
    }

    /**
     * Binds each call's files to it, in the call's transaction: a file that cannot be bound fails the
     * transaction with 422, and a group's failed transaction is written again call by call, so only that
     * call is refused.
     */
    private Uni<Map<UUID, List<FileRef>>> claimFiles(List<Pending> pendings, List<Call> calls) {
        Map<UUID, List<FileRef>> files = new HashMap<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int i = 0; i < pendings.size(); i++) {
            Pending p = pendings.get(i);
            Call call = calls.get(i);
            if (p.request().filesOrEmpty().isEmpty()) {
                continue;
            }
            all = all.chain(() -> attachments.claim(p.caller(), p.request().filesOrEmpty(), FILES_SCOPE, call.id)
                    .invoke(claimed -> files.put(call.id, claimed)).replaceWithVoid());
        }
        return all.replaceWith(files);
    }

    /** Completes a raise on its caller's context. */
    private static void answer(Waiting waiting, Written written) {
        Runnable complete = written.refusal() == null
                ? () -> waiting.emitter().complete(written.result())
                : () -> waiting.emitter().fail(written.refusal());
        Context context = waiting.pending().context();
        if (context == null) {
            complete.run();
        } else {
            context.runOnContext(ignored -> complete.run());
        }
    }

    /**
     * Decides the outcome, then claims the Idempotency-Key with the response it will give (a retry
     * replays it), then stores the call and its event: all in the caller's transaction. A key already
     * claimed by an earlier request replays that request's response and writes nothing.
     */
    private Uni<Written> record(Pending p, String number) {
        Instant now = clock.instant();
        Call call = newCall(p.caller(), p.request(), p.street(), now);
        call.number = number;
        return outcome(call, p.category(), now).chain(() -> store(List.of(p), List.of(call))).map(written -> written.get(0));
    }

    /** Decides ACCEPTED, MERGED or REJECTED. */
    private Uni<Void> outcome(Call call, Category category, Instant now) {
        decide(call, category);
        if (call.status != CallStatus.ACCEPTED || config.mergeWindow().isZero()) {
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
                    call.lifecycle = CallLifecycle.MERGED;
                }))
                .replaceWithVoid();
    }

    /** ACCEPTED or REJECTED, from the catalogue alone (before any duplicate check). */
    private static void decide(Call call, Category category) {
        if (!category.active()) {
            call.status = CallStatus.REJECTED;
            call.rejectionCode = CallRejected.CATEGORY_INACTIVE;
            call.rejectionReason = "派单目录中的“" + category.name() + "”已停用"
                    + (category.replacedBy() == null ? "" : "，请改选 " + category.replacedBy())
                    + " (category " + category.code() + " is no longer in use"
                    + (category.replacedBy() == null ? ")" : "; use " + category.replacedBy() + ")");
        } else {
            call.status = CallStatus.ACCEPTED;
        }
        call.lifecycle = CallLifecycle.valueOf(call.status.name());
    }

    /** The event announcing the call's outcome; an accepted call's carries its files. */
    /** The stored calls' events, each continuing its raise's trace. */
    private List<CloudEvent> announced(List<Pending> storing, List<Call> stored, Map<UUID, List<FileRef>> files) {
        List<CloudEvent> announced = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Call call = stored.get(i);
            announced.add(event(call, files.get(call.id)).withTraceparent(storing.get(i).traceparent()));
        }
        return announced;
    }

    private CloudEvent event(Call call, List<FileRef> files) {
        return switch (call.status) {
            case ACCEPTED -> outbox.event(SERVICE, EventTypes.CALL_ACCEPTED, call.id, call.statusChangedAt,
                    events.accepted(call, files == null ? List.of() : files));
            case MERGED -> outbox.event(SERVICE, EventTypes.CALL_MERGED, call.id, call.statusChangedAt, events.merged(call));
            case REJECTED -> outbox.event(SERVICE, EventTypes.CALL_REJECTED, call.id, call.statusChangedAt, events.rejected(call));
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
