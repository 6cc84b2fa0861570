package io.huying.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Ids;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallStatus;
import io.huying.intake.RaiseAnswers;
import io.huying.intake.RaiseCall;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.mapping.CallEvents;
import io.huying.intake.repository.CallNumbers;
import io.huying.intake.repository.CallRepository;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.audit.AuditTrail;
import io.huying.platform.db.GroupedWrites;
import io.huying.platform.error.ProblemException;
import io.huying.platform.idempotency.IdempotencyKeys;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.huying.platform.security.Roles;
import io.huying.platform.tracing.CallTraces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * 呼叫受理 and 事件立项: a raise is checked, numbered, decided (accepted as a case, merged into an open
 * duplicate, or rejected) and stored with the event announcing the outcome, in one transaction.
 *
 * <p>Raises are written in groups (GroupedWrites), a transaction per group: a group takes its numbers
 * in one statement per street, then decides and stores its calls, their Idempotency-Keys and their
 * events: a handful of statements and one commit whatever its size. A group that meets a key used
 * before is rolled back and written again looking its keys up first, so a retry is replayed
 * without taking a number. One path whatever the duplicate window
 * and the group's size; a group that fails is written again raise by raise on this same path.
 */
@ApplicationScoped
public class CallIntake {
    /** What a call's files are bound to (附件 of a call), with the call's id. */
    public static final String FILES_SCOPE = "call";
    /** The most raises one transaction writes. */
    private static final int GROUP_SIZE = 100;

    /**
     * What the client gets back; also what a retry with the same Idempotency-Key replays. {@code audited}:
     * the request's audit entry was written with the call (AuditTrail).
     */
    public record RaiseResult(int status, String location, String body, boolean audited) {
    }

    private final CallRepository calls;
    private final CallNumbers numbers;
    private final DuplicateCalls duplicates;
    private final CallReview reviews;
    private final Catalogue catalogue;
    private final Organisation organisation;
    private final IntakeConfig config;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final RaiseAnswers answers;
    private final CallEvents events;
    private final ObjectMapper json;
    private final Clock clock;
    private final IntakeMetrics metrics;
    private final Attachments attachments;
    private final GroupedWrites<Raise, Written> writes;

    public CallIntake(CallRepository calls, CallNumbers numbers, DuplicateCalls duplicates, CallReview reviews, Catalogue catalogue, Organisation organisation,
            IntakeConfig config, IdempotencyKeys idempotencyKeys, Outbox outbox, OutboxRelay relay, RaiseAnswers answers, CallEvents events,
            ObjectMapper json, Clock clock, Vertx vertx, Attachments attachments, IntakeMetrics metrics) {
        this.calls = calls;
        this.numbers = numbers;
        this.duplicates = duplicates;
        this.reviews = reviews;
        this.catalogue = catalogue;
        this.organisation = organisation;
        this.config = config;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.relay = relay;
        this.answers = answers;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.attachments = attachments;
        this.metrics = metrics;
        this.writes = new GroupedWrites<>(vertx, GROUP_SIZE, this::write);
    }

    /** Groups of raises whose write failed and were written again one by one ({@link GroupedWrites#splitGroups}). */
    public long splitGroups() {
        return writes.splitGroups();
    }

    /**
     * Checks the raise against the caller's unit, the catalogue and the org tree, then writes it with the
     * raises beside it; a stored call's {@code audit} entry (AuditTrail, status 201) goes in its transaction.
     */
    public Uni<RaiseResult> raise(Caller caller, RaiseCall request, String idempotencyKey, JsonObject audit) {
        IdempotencyKeys.validate(idempotencyKey);
        OrgPath unit = caller.unit();
        OrgUnit street = organisation.current().streetOf(unit.value()).orElseThrow(() -> ProblemException.forbidden(
                "calls are raised by a street or community office; " + unit + " is neither"));
        Category category = catalogue.current().find(request.categoryCode()).orElseThrow(() -> ProblemException.unprocessable(
                "unknown-category", "categoryCode", "no category " + request.categoryCode() + " in catalogue " + catalogue.current().version()));
        String gridPath = request.location().gridPath();
        boolean isGrid = organisation.current().unit(gridPath).map(u -> u.level() == UnitLevel.GRID).orElse(false);
        if (!isGrid || !unit.covers(gridPath)) {
            throw ProblemException.invalid("location.gridPath", "must be a grid (网格) within your unit " + unit);
        }
        inTheField(caller, gridPath, request.channel());
        String requestHash = IdempotencyKeys.hash(toJson(request));
        LocalDate day = LocalDate.ofInstant(clock.instant(), config.zone());
        // The raise's events continue the request's trace, though the group's writer stores them.
        Raise raise = new Raise(caller, request, category, street, day, idempotencyKey, requestHash, CallTraces.current(), audit);
        return writes.submit(raise).map(Written::answer);
    }

    /**
     * 网格员 and 巡防 raise for their community, within its rules: a grid worker only in their own grids,
     * through 网格巡查 (GRID_INSPECTION); a patrol volunteer through 巡防 (PATROL).
     */
    private static void inTheField(Caller caller, String gridPath, Channel channel) {
        if (!caller.inTheField()) {
            return;
        }
        if (caller.hasRole(Roles.GRID_WORKER)) {
            if (!caller.sees(gridPath)) {
                throw ProblemException.invalid("location.gridPath", "must be one of your grids (网格): "
                        + String.join(", ", caller.orgPaths().stream().map(OrgPath::value).toList()));
            }
            if (channel != Channel.GRID_INSPECTION) {
                throw ProblemException.invalid("channel", "a grid worker raises through GRID_INSPECTION (网格巡查)");
            }
        } else if (channel != Channel.PATROL) {
            throw ProblemException.invalid("channel", "a patrol volunteer raises through PATROL (巡防)");
        }
    }

    /** A checked raise waiting to be written. */
    private record Raise(Caller caller, RaiseCall request, Category category, OrgUnit street, LocalDate day,
            String idempotencyKey, String requestHash, String traceparent, JsonObject audit) {
    }

    /** What one raise came to: its result, or why it was refused; the call it stored, if it stored one. */
    private record Written(RaiseResult result, ProblemException refusal, Call stored) {
        RaiseResult answer() {
            if (refusal != null) {
                throw refusal;
            }
            return result;
        }
    }

    /**
     * A group of raises, in one transaction. Its Idempotency-Keys are claimed as its calls are stored;
     * if a key turns out used before (a retry: rare), that transaction rolls back, numbers and all, and
     * the group is written again looking its keys up first: those of completed earlier requests are
     * replayed without a number, the rest numbered, decided and stored.
     */
    private Uni<List<Written>> write(List<Raise> group) {
        return attempt(group, false)
                .onFailure(KeyUsedBefore.class).recoverWithUni(() -> attempt(group, true))
                .invoke(this::committed);
    }

    /** Thrown in a first attempt whose claim met a key used before, to roll it back. */
    private static final class KeyUsedBefore extends RuntimeException {
        KeyUsedBefore() {
            super("an Idempotency-Key of the group was used before", null, false, false);
        }
    }

    private Uni<List<Written>> attempt(List<Raise> group, boolean lookUpKeys) {
        List<Raise> keyed = lookUpKeys ? group.stream().filter(r -> r.idempotencyKey() != null).toList() : List.of();
        return Panache.withTransaction(() -> idempotencyKeys.completedAll(keyed.stream()
                        .map(r -> new IdempotencyKeys.Lookup(r.caller().subject(), r.idempotencyKey(), r.requestHash()))
                        .toList())
                .chain(earlier -> {
                    Map<Raise, Written> replayed = new IdentityHashMap<>();
                    for (int i = 0; i < keyed.size(); i++) {
                        if (!earlier.get(i).goAhead()) {
                            replayed.put(keyed.get(i), earlier(earlier.get(i)));
                        }
                    }
                    List<Raise> fresh = group.stream().filter(r -> !replayed.containsKey(r)).toList();
                    Uni<List<Written>> stored = fresh.isEmpty() ? Uni.createFrom().item(List.of())
                            : numbersFor(fresh).chain(taken -> decideAndStore(fresh, taken, lookUpKeys));
                    return stored.map(written -> {
                        Iterator<Written> next = written.iterator();
                        return group.stream().map(r -> replayed.containsKey(r) ? replayed.get(r) : next.next()).toList();
                    });
                }));
    }

    /** After the commit: the relay is told, and the stored calls counted. */
    private void committed(List<Written> written) {
        relay.committed();
        written.stream().map(Written::stored).filter(Objects::nonNull).forEach(metrics::stored);
    }

    /** The answer to a raise whose key was used before: that request's response replayed, or the 422 refusal. */
    private static Written earlier(IdempotencyKeys.Claimed claimed) {
        if (claimed.refusal() != null) {
            return new Written(null, claimed.refusal(), null);
        }
        IdempotencyKeys.StoredResponse stored = claimed.earlier();
        return new Written(new RaiseResult(stored.status(), stored.location(), stored.body(), false), null, null);
    }

    /** The group's numbers in its order: one statement for each street and day in it. */
    private Uni<List<String>> numbersFor(List<Raise> raises) {
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < raises.size(); i++) {
            positions.computeIfAbsent(raises.get(i).street().code() + "/" + raises.get(i).day(), k -> new ArrayList<>()).add(i);
        }
        String[] taken = new String[raises.size()];
        Uni<Void> all = Uni.createFrom().voidItem();
        for (List<Integer> at : positions.values()) {
            Raise first = raises.get(at.get(0));
            all = all.chain(() -> numbers.take(first.street().code(), first.day(), at.size()).invoke(run -> {
                for (int n = 0; n < at.size(); n++) {
                    taken[at.get(n)] = run.get(n);
                }
            })).replaceWithVoid();
        }
        return all.map(ignored -> Arrays.asList(taken));
    }

    /**
     * The rules, in the group's transaction: each call decided from the catalogue, held for its
     * street's review where its category needs one (立项审核), checked for an open duplicate, then stored.
     */
    private Uni<List<Written>> decideAndStore(List<Raise> raises, List<String> taken, boolean keysLookedUp) {
        Instant now = clock.instant();
        List<Call> group = new ArrayList<>(raises.size());
        for (int i = 0; i < raises.size(); i++) {
            Raise raise = raises.get(i);
            Call call = newCall(raise.caller(), raise.request(), raise.street(), now);
            call.number = taken.get(i);
            decide(call, raise.category());
            group.add(call);
        }
        return reviews.hold(group).chain(() -> duplicates.merge(group, now)).chain(() -> store(raises, group, keysLookedUp));
    }

    /**
     * Claims the Idempotency-Keys of decided calls with the responses they will give, in one statement,
     * then stores the calls whose key went ahead (or that have none) and appends their events. A key
     * claimed before replays its response, or is refused with 422 for a different request, and that
     * call is not written; in a first attempt, whose keys were not looked up, it rolls the group back
     * instead ({@link #write}).
     */
    private Uni<List<Written>> store(List<Raise> raises, List<Call> calls, boolean keysLookedUp) {
        // The files as the answer shows them, read before the Idempotency-Keys are claimed with that answer;
        // they are claimed (checked and bound) only for the calls that are then written.
        List<UUID> fileIds = raises.stream().flatMap(r -> r.request().files().stream()).toList();
        return attachments.refs(fileIds).chain(known -> {
            List<RaiseResult> results = new ArrayList<>(raises.size());
            List<IdempotencyKeys.Claim> claims = new ArrayList<>();
            for (int i = 0; i < raises.size(); i++) {
                Raise r = raises.get(i);
                Call call = calls.get(i);
                List<FileRef> files = r.request().files().stream().distinct().map(known::get).filter(Objects::nonNull).toList();
                RaiseResult result = new RaiseResult(201, "/api/calls/" + call.id, answers.body(call, r.caller(), files), r.audit() != null);
                results.add(result);
                if (r.idempotencyKey() != null) {
                    claims.add(new IdempotencyKeys.Claim(r.caller().subject(), r.idempotencyKey(), r.requestHash(),
                            new IdempotencyKeys.StoredResponse(result.status(), result.location(), result.body())));
                }
            }
            return idempotencyKeys.claimAll(claims).chain(claimed -> {
                if (!keysLookedUp && !claimed.stream().allMatch(IdempotencyKeys.Claimed::goAhead)) {
                    return Uni.createFrom().failure(new KeyUsedBefore());
                }
                List<Written> written = new ArrayList<>(raises.size());
                List<Call> toStore = new ArrayList<>(raises.size());
                List<Raise> storing = new ArrayList<>(raises.size());
                int claim = 0;
                for (int i = 0; i < raises.size(); i++) {
                    IdempotencyKeys.Claimed outcome = raises.get(i).idempotencyKey() == null ? null : claimed.get(claim++);
                    if (outcome == null || outcome.goAhead()) {
                        toStore.add(calls.get(i));
                        storing.add(raises.get(i));
                        written.add(new Written(results.get(i), null, calls.get(i)));
                    } else {
                        written.add(earlier(outcome));
                    }
                }
                if (toStore.isEmpty()) {
                    return Uni.createFrom().item(written);
                }
                List<JsonObject> audited = storing.stream().map(Raise::audit).filter(Objects::nonNull).toList();
                return claimFiles(storing, toStore)
                        .chain(files -> this.calls.persist(toStore)
                                .chain(() -> outbox.appendAll(Topics.CALLS, announced(storing, toStore, files))))
                        .chain(() -> Panache.getSession().chain(session -> AuditTrail.insertWithin(session, audited)))
                        .replaceWith(written);
            });
        });
    }

    /**
     * Binds each call's files to it, in the call's transaction: a file that cannot be bound fails the
     * transaction with 422, and a group's failed transaction is written again raise by raise, so only that
     * call is refused.
     */
    private Uni<Map<UUID, List<FileRef>>> claimFiles(List<Raise> raises, List<Call> calls) {
        Map<UUID, List<FileRef>> files = new HashMap<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int i = 0; i < raises.size(); i++) {
            Raise r = raises.get(i);
            Call call = calls.get(i);
            if (r.request().files().isEmpty()) {
                continue;
            }
            all = all.chain(() -> attachments.claim(r.caller(), r.request().files(), FILES_SCOPE, call.id)
                    .invoke(claimed -> files.put(call.id, claimed)).replaceWithVoid());
        }
        return all.replaceWith(files);
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

    /** The stored calls' events, each continuing its raise's trace; an accepted call's carries its files. */
    private List<CloudEvent> announced(List<Raise> storing, List<Call> stored, Map<UUID, List<FileRef>> files) {
        List<CloudEvent> announced = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Call call = stored.get(i);
            announced.add(events.announcement(call, files.get(call.id)).withTraceparent(storing.get(i).traceparent()));
        }
        return announced;
    }

    private Call newCall(Caller caller, RaiseCall request, OrgUnit street, Instant now) {
        Call call = new Call();
        call.id = Ids.next();
        call.raisingUnit = caller.unit().value();
        call.streetPath = street.path();
        call.raisedBySubject = caller.subject();
        call.raisedByUsername = caller.username();
        call.categoryCode = request.categoryCode();
        call.catalogueVersion = catalogue.current().version();
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
        call.attachments = toJson(request.attachments());
        call.channel = request.channel();
        call.externalId = request.externalId();
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

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
