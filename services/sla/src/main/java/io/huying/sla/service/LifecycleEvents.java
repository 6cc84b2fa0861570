package io.huying.sla.service;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallAwaitingReview;
import io.huying.contracts.events.ExtensionDecided;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.TaskDispatched;
import io.huying.contracts.events.TaskDispatched.TaskRole;
import io.huying.contracts.events.TaskResponse;
import io.huying.contracts.events.TaskSuspension;
import io.huying.contracts.events.TaskWithdrawn;
import io.huying.contracts.events.VerificationClosed;
import io.huying.contracts.events.VerificationOpened;
import io.huying.contracts.events.VerificationReopened;
import io.huying.platform.TransactionLocks;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.sla.SlaClock;
import io.huying.sla.repository.AssessmentFacts;
import io.huying.sla.service.Clocks.CallFacts;
import io.huying.sla.service.Clocks.Start;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which lifecycle event starts and stops which clock (DESIGN §5), applied inside the consumer's
 * transaction with the call's lock held, so that one call's events — from four topics, possibly on
 * several instances — change its clocks one at a time:
 * <pre>
 * DISPATCH    call accepted, or raised → lead task dispatched, or the reviewed call rejected or merged
 *             when held for review (待立项审核)
 * SIGN_FOR    task dispatched          → acknowledged, returned or withdrawn
 * RESOLVE     task dispatched          → completed, returned or withdrawn   (挂起/恢复 pause it, 延期 extends it)
 * VERIFY      verification opened (N)  → verification closed or reopened (N)
 * END_TO_END  call accepted            → verification closed (结案), across returns and rework
 * </pre>
 * In the same transaction and under the same lock it records the facts the assessment (考核) counts:
 * each task's unit, role, dispatch, return, completion and withdrawal, and each verification's verdict
 * ({@link AssessmentFacts}).
 *
 * <p>A batch of events is applied together: the locks of all its calls in one statement, their facts,
 * the calls' clocks read in four statements, every event's clock changes made in memory in order
 * ({@link ClockLedger}), and all of them written at the end in a few statements — not a dozen
 * statements per event.
 */
@ApplicationScoped
public class LifecycleEvents {
    private final ConsumedEvents consumed;
    private final Clocks clocks;
    private final TransactionLocks locks;
    private final AssessmentFacts facts;

    public LifecycleEvents(ConsumedEvents consumed, Clocks clocks, TransactionLocks locks, AssessmentFacts facts) {
        this.consumed = consumed;
        this.clocks = clocks;
        this.locks = locks;
        this.facts = facts;
    }

    /**
     * What one event does: the assessment fact it records (a dispatch's goes with the batch's other
     * dispatches in one statement, any other is a statement of its own) and its clock changes (in
     * memory, on the ledger of its batch).
     */
    private record Change(UUID callId, TaskDispatched dispatch, Supplier<Uni<Void>> fact, Consumer<ClockLedger> onClocks) {
        Change(UUID callId, Consumer<ClockLedger> onClocks) {
            this(callId, null, null, onClocks);
        }

        Change(UUID callId, Supplier<Uni<Void>> fact, Consumer<ClockLedger> onClocks) {
            this(callId, null, fact, onClocks);
        }
    }

    /**
     * Inside the consumer's transaction: the effect of {@code events}, in call order (one call's
     * events in the order received); events that touch no clock do nothing. An unreadable event
     * fails the whole batch, which the consumer then applies one event at a time.
     */
    public Uni<Void> applyAll(List<CloudEvent> events) {
        return Uni.createFrom().deferred(() -> {
            List<CloudEvent> byCall = new ArrayList<>(events);
            byCall.sort(Comparator.comparing(e -> e.subject() == null ? "" : e.subject()));
            List<Change> changes = new ArrayList<>();
            for (CloudEvent event : byCall) {
                Change change = change(event);
                if (change != null) {
                    changes.add(change);
                }
            }
            if (changes.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Set<UUID> callIds = new LinkedHashSet<>();
            changes.forEach(c -> callIds.add(c.callId()));
            // A dispatch's fact and a later end's (or withdrawal's) give the same row in either order, so
            // the dispatches go first, together.
            List<TaskDispatched> dispatches = changes.stream().map(Change::dispatch).filter(Objects::nonNull).toList();
            return locks.lockAll(callIds.stream().map(LifecycleEvents::lockKey).toList())
                    .chain(() -> facts.dispatched(dispatches))
                    .chain(() -> Multi.createFrom().iterable(changes).filter(c -> c.fact() != null)
                            .onItem().transformToUniAndConcatenate(c -> c.fact().get())
                            .collect().last())
                    .chain(() -> clocks.open(callIds))
                    .chain(ledger -> {
                        changes.forEach(c -> c.onClocks().accept(ledger));
                        return clocks.write(ledger);
                    });
        });
    }

    /** The change {@code event} makes, or null for an event that touches no clock. */
    private Change change(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.CALL_ACCEPTED -> accepted(consumed.data(event, CallAccepted.class));
            case EventTypes.CALL_AWAITING_REVIEW -> awaitingReview(consumed.data(event, CallAwaitingReview.class));
            case EventTypes.CALL_REJECTED, EventTypes.CALL_MERGED -> reviewedAway(event);
            case EventTypes.TASK_DISPATCHED -> dispatched(consumed.data(event, TaskDispatched.class));
            case EventTypes.TASK_WITHDRAWN -> withdrawn(event.type(), consumed.data(event, TaskWithdrawn.class));
            case EventTypes.TASK_EXTENSION_DECIDED -> extensionDecided(consumed.data(event, ExtensionDecided.class));
            case EventTypes.TASK_SUSPENDED -> {
                TaskSuspension s = consumed.data(event, TaskSuspension.class);
                yield new Change(s.callId(), ledger -> clocks.pause(ledger, taskKey(ClockKind.RESOLVE, s.taskId()), s.at()));
            }
            case EventTypes.TASK_RESUMED -> {
                TaskSuspension s = consumed.data(event, TaskSuspension.class);
                yield new Change(s.callId(), ledger -> clocks.resume(ledger, taskKey(ClockKind.RESOLVE, s.taskId()), s.at()));
            }
            case EventTypes.TASK_ACKNOWLEDGED -> taskEnded(event.type(), consumed.data(event, TaskResponse.class), null, ClockKind.SIGN_FOR);
            case EventTypes.TASK_COMPLETED -> {
                TaskResponse r = consumed.data(event, TaskResponse.class);
                yield taskEnded(event.type(), r, () -> facts.completed(r), ClockKind.RESOLVE);
            }
            case EventTypes.TASK_RETURNED -> {
                TaskResponse r = consumed.data(event, TaskResponse.class);
                yield taskEnded(event.type(), r, () -> facts.returned(r), ClockKind.SIGN_FOR, ClockKind.RESOLVE);
            }
            case EventTypes.VERIFICATION_OPENED -> verificationOpened(consumed.data(event, VerificationOpened.class));
            case EventTypes.VERIFICATION_CLOSED -> verificationClosed(event.type(), consumed.data(event, VerificationClosed.class));
            case EventTypes.VERIFICATION_REOPENED -> verificationReopened(event.type(), consumed.data(event, VerificationReopened.class));
            default -> null;
        };
    }

    /** 立项: the dispatch and end-to-end clocks, both the call's street's. */
    private Change accepted(CallAccepted a) {
        CallFacts call = new CallFacts(a.number(), a.categoryCode(), a.urgency(), a.raisingUnit(), a.streetPath());
        return new Change(a.callId(), ledger -> {
            clocks.rememberCall(ledger, a.callId(), call);
            clocks.start(ledger, new Start(ClockKind.DISPATCH, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()), call);
            clocks.start(ledger, new Start(ClockKind.END_TO_END, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()), call);
        });
    }

    /**
     * 待立项审核: the dispatch clock runs from the raise while the street reviews the call (the
     * acceptance that may follow finds it running and keeps it); the end-to-end clock starts at acceptance.
     */
    private Change awaitingReview(CallAwaitingReview a) {
        CallFacts call = new CallFacts(a.number(), a.categoryCode(), a.urgency(), a.raisingUnit(), a.streetPath());
        return new Change(a.callId(), ledger -> {
            clocks.rememberCall(ledger, a.callId(), call);
            clocks.start(ledger, new Start(ClockKind.DISPATCH, a.callId(), null, 0, a.number(), a.streetPath(), a.raisedAt()), call);
        });
    }

    /**
     * A reviewed call rejected, or merged into another case, at the event's time: its dispatch clock
     * stops. Only a call that waited for review had one: the others' outcomes (most merges) touch no
     * clock and are not even read.
     */
    private Change reviewedAway(CloudEvent event) {
        if (event.data() == null || !event.data().hasNonNull("review")) {
            return null;
        }
        UUID callId = UUID.fromString(event.subject());
        return new Change(callId, ledger -> clocks.stop(ledger, SlaClock.keyOf(ClockKind.DISPATCH, callId, null, 0), callId, event.time(),
                event.type()));
    }

    /** 派遣: the task's sign-for and resolve clocks; the call's dispatch clock stops when its lead task is dispatched. */
    private Change dispatched(TaskDispatched d) {
        CallFacts call = new CallFacts(d.number(), d.categoryCode(), d.urgency(), d.raisingUnit(), d.streetPath());
        return new Change(d.callId(), d, null, ledger -> {
            clocks.rememberCall(ledger, d.callId(), call);
            clocks.start(ledger, new Start(ClockKind.SIGN_FOR, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()), call);
            clocks.start(ledger, new Start(ClockKind.RESOLVE, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()), call);
            if (d.role() == TaskRole.LEAD) {
                clocks.stop(ledger, SlaClock.keyOf(ClockKind.DISPATCH, d.callId(), null, 0), d.callId(), d.dispatchedAt(),
                        EventTypes.TASK_DISPATCHED);
            }
        });
    }

    private Change withdrawn(String type, TaskWithdrawn w) {
        return new Change(w.callId(), () -> facts.withdrawn(w), ledger -> {
            clocks.stop(ledger, taskKey(ClockKind.SIGN_FOR, w.taskId()), w.callId(), w.withdrawnAt(), type);
            clocks.stop(ledger, taskKey(ClockKind.RESOLVE, w.taskId()), w.callId(), w.withdrawnAt(), type);
        });
    }

    private Change extensionDecided(ExtensionDecided d) {
        if (!d.approved() || d.grantedDeadline() == null) {
            return null;
        }
        return new Change(d.callId(), ledger -> clocks.extend(ledger, taskKey(ClockKind.RESOLVE, d.taskId()), d.grantedDeadline()));
    }

    /** 签收, 办结, 退回: the fact the assessment keeps of it (none for 签收: its clock says it all), then the clocks it stops. */
    private Change taskEnded(String type, TaskResponse r, Supplier<Uni<Void>> fact, ClockKind... kinds) {
        return new Change(r.callId(), fact, ledger -> {
            for (ClockKind kind : kinds) {
                clocks.stop(ledger, taskKey(kind, r.taskId()), r.callId(), r.at(), type);
            }
        });
    }

    /** 核查: the raising unit's verify clock of this round. */
    private Change verificationOpened(VerificationOpened o) {
        return new Change(o.callId(), ledger -> clocks.startWhenCallKnown(ledger,
                new Start(ClockKind.VERIFY, o.callId(), null, o.round(), o.number(), o.raisingUnit(), o.openedAt())));
    }

    /** 结案 stops the round's verify clock and the end-to-end clock. */
    private Change verificationClosed(String type, VerificationClosed c) {
        return new Change(c.callId(), () -> facts.closed(c), ledger -> {
            clocks.stop(ledger, SlaClock.keyOf(ClockKind.VERIFY, c.callId(), null, c.round()), c.callId(), c.closedAt(), type);
            clocks.stop(ledger, SlaClock.keyOf(ClockKind.END_TO_END, c.callId(), null, 0), c.callId(), c.closedAt(), type);
        });
    }

    /** 返工 stops the round's verify clock; the end-to-end clock keeps running. */
    private Change verificationReopened(String type, VerificationReopened r) {
        return new Change(r.callId(), () -> facts.reopened(r),
                ledger -> clocks.stop(ledger, SlaClock.keyOf(ClockKind.VERIFY, r.callId(), null, r.round()), r.callId(), r.reopenedAt(), type));
    }

    /** The advisory lock that serialises changes to one call's clocks. */
    public static String lockKey(UUID callId) {
        return "sla:" + callId;
    }

    private static String taskKey(ClockKind kind, UUID taskId) {
        return SlaClock.keyOf(kind, null, taskId, 0);
    }
}
