package io.huying.intake.service;

import io.huying.contracts.Topics;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.Review;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallStatus;
import io.huying.intake.FoundCall;
import io.huying.intake.FoundCalls;
import io.huying.intake.ReviewDecision;
import io.huying.intake.ReviewScope;
import io.huying.intake.mapping.CallEvents;
import io.huying.intake.repository.CallRepository;
import io.huying.intake.repository.ReviewRules;
import io.huying.platform.attachment.Attachments;
import io.huying.platform.error.ProblemException;
import io.huying.platform.outbox.Outbox;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * 立项审核 — calls of the categories a street reviews wait after acceptance in its 综治中心
 * dispatcher's review list. The dispatcher accepts one (dispatch proceeds), rejects it with a reason
 * (不属受理范围 / 重复 / 信息不全 / 即时办结), merges it into another open case, or unmerges a
 * wrongly merged call, which then becomes a case of its own and is dispatched. Each decision is
 * stored with the event announcing it on huying.calls, in one transaction; the raiser's timeline
 * and the SLA engine (whose dispatch clock runs from the raise) follow that event.
 *
 * <p>Raises read the review rules from memory: the whole table (a few rows a street), read again
 * when {@link #RULES_FRESH_FOR} has passed, and at once after a change made through this replica; a
 * change made through another replica applies here within that time.
 */
@ApplicationScoped
public class CallReview {
    /** Why a street dispatcher may reject a call. */
    static final Map<String, String> REJECTIONS = Map.of(
            CallRejected.NOT_IN_SCOPE, "不属受理范围",
            CallRejected.DUPLICATE, "重复",
            CallRejected.INCOMPLETE, "信息不全",
            CallRejected.HANDLED_ON_SPOT, "即时办结");

    /** How long the review rules read by a replica serve its raises. */
    private static final Duration RULES_FRESH_FOR = Duration.ofSeconds(5);

    /** The pairs under review as read at {@code readAt} (System.nanoTime), in {@code generation}. */
    private record HeldPairs(Set<String> pairs, long readAt, long generation) {
    }

    private final CallRepository calls;
    private final ReviewRules rules;
    /** Raised by every change made here, so that a read begun before it is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile HeldPairs held;
    private final CallEvents events;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Attachments attachments;
    private final Organisation organisation;
    private final Catalogue catalogue;
    private final Clock clock;

    public CallReview(CallRepository calls, ReviewRules rules, CallEvents events, Outbox outbox, OutboxRelay relay, Attachments attachments,
            Organisation organisation, Catalogue catalogue, Clock clock) {
        this.calls = calls;
        this.rules = rules;
        this.events = events;
        this.outbox = outbox;
        this.relay = relay;
        this.attachments = attachments;
        this.organisation = organisation;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** In a raise's transaction: the group's accepted calls of categories their street reviews wait for review. */
    Uni<Void> hold(List<Call> group) {
        if (group.stream().noneMatch(call -> call.status == CallStatus.ACCEPTED)) {
            return Uni.createFrom().voidItem();
        }
        return heldPairs().invoke(held -> {
            for (Call call : group) {
                if (call.status == CallStatus.ACCEPTED && held.contains(call.streetPath + " " + call.categoryCode)) {
                    call.status = CallStatus.PENDING_REVIEW;
                    call.lifecycle = CallLifecycle.PENDING_REVIEW;
                }
            }
        }).replaceWithVoid();
    }

    /** The pairs under review, from memory while fresh, else read in the caller's session. */
    private Uni<Set<String>> heldPairs() {
        HeldPairs known = held;
        long now = System.nanoTime();
        if (known != null && known.generation() == generation.get() && now - known.readAt() < RULES_FRESH_FOR.toNanos()) {
            return Uni.createFrom().item(known.pairs());
        }
        long readIn = generation.get();
        return rules.all().invoke(pairs -> {
            if (generation.get() == readIn) {
                held = new HeldPairs(Set.copyOf(pairs), now, readIn);
            }
        });
    }

    /** The categories the caller's street reviews; 403 for a dispatcher of no street. */
    @WithSession
    public Uni<ReviewScope> scope(Caller caller) {
        String street = streetOf(caller);
        return rules.of(street).map(categories -> new ReviewScope(street, categories));
    }

    /** Replaces the categories the caller's street reviews; each must be in the catalogue (422 naming it). */
    public Uni<ReviewScope> setScope(Caller caller, List<String> categories) {
        String street = streetOf(caller);
        Set<String> codes = new TreeSet<>();
        for (int i = 0; i < categories.size(); i++) {
            String code = categories.get(i);
            if (catalogue.current().find(code).isEmpty()) {
                throw ProblemException.unprocessable("unknown-category", "categories[" + i + "]",
                        "no category " + code + " in catalogue " + catalogue.current().version());
            }
            codes.add(code);
        }
        return Panache.withTransaction(() -> rules.replace(street, codes, caller.username(), clock.instant()))
                .invoke(generation::incrementAndGet)
                .map(ignored -> new ReviewScope(street, List.copyOf(codes)));
    }

    /** The calls waiting for review within the caller's unit, oldest first. */
    @WithSession
    public Uni<FoundCalls> pending(Caller caller, int page, int size) {
        var query = calls.pendingReview(caller.unit()).page(Page.of(page, size));
        return query.list().chain(list -> attachments.filesOf(CallIntake.FILES_SCOPE, list.stream().map(call -> call.id).toList())
                .chain(files -> query.count().map(total -> new FoundCalls(
                        list.stream().map(call -> new FoundCall(call, files.getOrDefault(call.id, List.of()), null)).toList(),
                        page, size, total))));
    }

    /** A decision on a call waiting for review: 404 outside the caller's unit, 409 once it no longer waits. */
    public Uni<FoundCall> decide(Caller caller, UUID id, ReviewDecision decision) {
        checkShape(decision);
        return decided(caller, id, CallStatus.PENDING_REVIEW, "is not waiting for review", call -> switch (decision.decision()) {
            case Review.ACCEPT -> {
                review(call, caller, Review.ACCEPT, blankToNull(decision.reason()));
                call.status = CallStatus.ACCEPTED;
                yield Uni.createFrom().voidItem();
            }
            case Review.REJECT -> {
                review(call, caller, Review.REJECT, decision.reason().strip());
                call.status = CallStatus.REJECTED;
                call.rejectionCode = decision.reasonCode();
                call.rejectionReason = REJECTIONS.get(decision.reasonCode()) + "：" + decision.reason().strip();
                yield Uni.createFrom().voidItem();
            }
            default -> calls.findById(decision.mergeInto()).invoke(into -> {
                checkMergeTarget(caller, call, into);
                review(call, caller, Review.MERGE, blankToNull(decision.reason()));
                call.status = CallStatus.MERGED;
                call.mergedIntoId = into.id;
                call.mergedIntoNumber = into.number;
            }).replaceWithVoid();
        });
    }

    /** 撤销合并 — a wrongly merged call becomes a case of its own and is dispatched; 409 unless it is merged. */
    public Uni<FoundCall> unmerge(Caller caller, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalid("reason", "must say why the call is no duplicate");
        }
        return decided(caller, id, CallStatus.MERGED, "is not merged into another call", call -> {
            review(call, caller, Review.UNMERGE, reason.strip());
            call.status = CallStatus.ACCEPTED;
            call.mergedIntoId = null;
            call.mergedIntoNumber = null;
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Locks the call, checks it is visible and in {@code expected}, applies {@code change}, and stores
     * the call with the event announcing its new status, in one transaction; the relay is told after it.
     */
    private Uni<FoundCall> decided(Caller caller, UUID id, CallStatus expected, String notExpected,
            Function<Call, Uni<Void>> change) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> calls.findForUpdate(id).chain(call -> {
                    if (call == null || !caller.sees(call.raisingUnit)) {
                        throw ProblemException.notFound("call " + id);
                    }
                    if (call.status != expected) {
                        throw ProblemException.conflict("call-" + call.status.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                                "call " + call.number + " " + notExpected + " (it is " + call.status + ")");
                    }
                    return change.apply(call).chain(() -> {
                        call.statusChangedAt = now;
                        call.reviewedAt = now;
                        call.lifecycle = CallLifecycle.valueOf(call.status.name());
                        return attachments.files(CallIntake.FILES_SCOPE, call.id);
                    }).chain(files -> outbox.append(Topics.CALLS, events.announcement(call, files)).replaceWith(new FoundCall(call, files, null)));
                }))
                .invoke(relay::committed);
    }

    private static void review(Call call, Caller caller, String decision, String note) {
        call.reviewDecision = decision;
        call.reviewedBy = caller.username();
        call.reviewedBySubject = caller.subject();
        call.reviewedByUnit = caller.unit().value();
        call.reviewNote = note;
    }

    private static void checkShape(ReviewDecision d) {
        switch (d.decision() == null ? "" : d.decision()) {
            case Review.ACCEPT -> {
            }
            case Review.REJECT -> {
                if (d.reasonCode() == null || !REJECTIONS.containsKey(d.reasonCode())) {
                    throw ProblemException.invalid("reasonCode", "must be one of " + new TreeSet<>(REJECTIONS.keySet()));
                }
                if (d.reason() == null || d.reason().isBlank()) {
                    throw ProblemException.invalid("reason", "must say why the call is not accepted");
                }
            }
            case Review.MERGE -> {
                if (d.mergeInto() == null) {
                    throw ProblemException.invalid("mergeInto", "must name the open call to merge into");
                }
            }
            default -> throw ProblemException.invalid("decision", "must be ACCEPT, REJECT or MERGE");
        }
    }

    /** An open case of the same street, visible to the caller, and not the call itself. */
    private static void checkMergeTarget(Caller caller, Call call, Call into) {
        if (into == null || !caller.sees(into.raisingUnit)) {
            throw ProblemException.unprocessable("merge-target-unknown", "mergeInto", "no call " + (into == null ? "" : into.id)
                    + " within your unit");
        }
        if (into.id.equals(call.id) || !into.streetPath.equals(call.streetPath) || into.status != CallStatus.ACCEPTED
                || into.lifecycle == CallLifecycle.CLOSED) {
            throw ProblemException.unprocessable("merge-target-not-open", "mergeInto",
                    "call " + into.number + " is not another open case of " + call.streetPath);
        }
    }

    private String streetOf(Caller caller) {
        return organisation.current().streetOf(caller.unit().value()).map(OrgUnit::path).orElseThrow(() -> ProblemException.forbidden(
                "review rules belong to a street (镇街); " + caller.unit() + " is none"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
