package io.huying.sla.service;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.CallAccepted;
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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Which lifecycle event starts and stops which clock (DESIGN §5), applied inside the consumer's
 * transaction with the call's lock held, so that one call's events — from four topics, possibly on
 * several instances — change its clocks one at a time:
 * <pre>
 * DISPATCH    call accepted            → lead task dispatched
 * SIGN_FOR    task dispatched          → acknowledged, returned or withdrawn
 * RESOLVE     task dispatched          → completed, returned or withdrawn   (挂起/恢复 pause it, 延期 extends it)
 * VERIFY      verification opened (N)  → verification closed or reopened (N)
 * END_TO_END  call accepted            → verification closed (结案), across returns and rework
 * </pre>
 * In the same transaction and under the same lock it records the facts the assessment (考核) counts:
 * each task's unit, role, dispatch, return, completion and withdrawal, and each verification's verdict
 * ({@link AssessmentFacts}).
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

    /** The effect of one event; events that touch no clock do nothing. */
    public Uni<Void> apply(CloudEvent event) {
        return switch (event.type()) {
            case EventTypes.CALL_ACCEPTED -> accepted(consumed.data(event, CallAccepted.class));
            case EventTypes.TASK_DISPATCHED -> dispatched(consumed.data(event, TaskDispatched.class));
            case EventTypes.TASK_WITHDRAWN -> withdrawn(event.type(), consumed.data(event, TaskWithdrawn.class));
            case EventTypes.TASK_EXTENSION_DECIDED -> extensionDecided(consumed.data(event, ExtensionDecided.class));
            case EventTypes.TASK_SUSPENDED -> {
                TaskSuspension s = consumed.data(event, TaskSuspension.class);
                yield locked(s.callId(), () -> clocks.pause(taskKey(ClockKind.RESOLVE, s.taskId()), s.at()));
            }
            case EventTypes.TASK_RESUMED -> {
                TaskSuspension s = consumed.data(event, TaskSuspension.class);
                yield locked(s.callId(), () -> clocks.resume(taskKey(ClockKind.RESOLVE, s.taskId()), s.at()));
            }
            case EventTypes.TASK_ACKNOWLEDGED -> taskEnded(event.type(), consumed.data(event, TaskResponse.class), Uni.createFrom()::voidItem,
                    ClockKind.SIGN_FOR);
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
            default -> Uni.createFrom().voidItem();
        };
    }

    /** 立项: the dispatch and end-to-end clocks, both the call's street's. */
    private Uni<Void> accepted(CallAccepted a) {
        CallFacts call = new CallFacts(a.number(), a.categoryCode(), a.urgency(), a.raisingUnit(), a.streetPath());
        return locked(a.callId(), () -> clocks.rememberCall(a.callId(), call)
                .chain(() -> clocks.start(new Start(ClockKind.DISPATCH, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()), call))
                .chain(() -> clocks.start(new Start(ClockKind.END_TO_END, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()),
                        call)));
    }

    /** 派遣: the task's sign-for and resolve clocks; the call's dispatch clock stops when its lead task is dispatched. */
    private Uni<Void> dispatched(TaskDispatched d) {
        CallFacts call = new CallFacts(d.number(), d.categoryCode(), d.urgency(), d.raisingUnit(), d.streetPath());
        return locked(d.callId(), () -> clocks.rememberCall(d.callId(), call)
                .chain(() -> facts.dispatched(d))
                .chain(() -> clocks.start(new Start(ClockKind.SIGN_FOR, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()),
                        call))
                .chain(() -> clocks.start(new Start(ClockKind.RESOLVE, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()),
                        call))
                .chain(() -> d.role() == TaskRole.LEAD
                        ? clocks.stop(SlaClock.keyOf(ClockKind.DISPATCH, d.callId(), null, 0), d.callId(), d.dispatchedAt(),
                                EventTypes.TASK_DISPATCHED)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> withdrawn(String type, TaskWithdrawn w) {
        return locked(w.callId(), () -> facts.withdrawn(w)
                .chain(() -> clocks.stop(taskKey(ClockKind.SIGN_FOR, w.taskId()), w.callId(), w.withdrawnAt(), type))
                .chain(() -> clocks.stop(taskKey(ClockKind.RESOLVE, w.taskId()), w.callId(), w.withdrawnAt(), type)));
    }

    private Uni<Void> extensionDecided(ExtensionDecided d) {
        if (!d.approved() || d.grantedDeadline() == null) {
            return Uni.createFrom().voidItem();
        }
        return locked(d.callId(), () -> clocks.extend(taskKey(ClockKind.RESOLVE, d.taskId()), d.grantedDeadline()));
    }

    /** 签收, 办结, 退回: the fact the assessment keeps of it (none for 签收: its clock says it all), then the clocks it stops. */
    private Uni<Void> taskEnded(String type, TaskResponse r, Supplier<Uni<Void>> fact, ClockKind... kinds) {
        return locked(r.callId(), () -> {
            Uni<Void> chain = fact.get();
            for (ClockKind kind : kinds) {
                chain = chain.chain(() -> clocks.stop(taskKey(kind, r.taskId()), r.callId(), r.at(), type));
            }
            return chain;
        });
    }

    /** 核查: the raising unit's verify clock of this round. */
    private Uni<Void> verificationOpened(VerificationOpened o) {
        return locked(o.callId(), () -> clocks.startWhenCallKnown(
                new Start(ClockKind.VERIFY, o.callId(), null, o.round(), o.number(), o.raisingUnit(), o.openedAt())));
    }

    /** 结案 stops the round's verify clock and the end-to-end clock. */
    private Uni<Void> verificationClosed(String type, VerificationClosed c) {
        return locked(c.callId(), () -> facts.closed(c)
                .chain(() -> clocks.stop(SlaClock.keyOf(ClockKind.VERIFY, c.callId(), null, c.round()), c.callId(), c.closedAt(), type))
                .chain(() -> clocks.stop(SlaClock.keyOf(ClockKind.END_TO_END, c.callId(), null, 0), c.callId(), c.closedAt(), type)));
    }

    /** 返工 stops the round's verify clock; the end-to-end clock keeps running. */
    private Uni<Void> verificationReopened(String type, VerificationReopened r) {
        return locked(r.callId(), () -> facts.reopened(r)
                .chain(() -> clocks.stop(SlaClock.keyOf(ClockKind.VERIFY, r.callId(), null, r.round()), r.callId(), r.reopenedAt(), type)));
    }

    private Uni<Void> locked(UUID callId, Supplier<Uni<Void>> effect) {
        return locks.lock(lockKey(callId)).chain(() -> effect.get());
    }

    /** The advisory lock that serialises changes to one call's clocks. */
    public static String lockKey(UUID callId) {
        return "sla:" + callId;
    }

    private static String taskKey(ClockKind kind, UUID taskId) {
        return SlaClock.keyOf(kind, null, taskId, 0);
    }
}
