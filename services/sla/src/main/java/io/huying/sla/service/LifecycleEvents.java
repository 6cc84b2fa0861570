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
 */
@ApplicationScoped
public class LifecycleEvents {
    private final ConsumedEvents consumed;
    private final Clocks clocks;
    private final TransactionLocks locks;

    public LifecycleEvents(ConsumedEvents consumed, Clocks clocks, TransactionLocks locks) {
        this.consumed = consumed;
        this.clocks = clocks;
        this.locks = locks;
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
            case EventTypes.TASK_ACKNOWLEDGED -> taskEnded(event.type(), consumed.data(event, TaskResponse.class), ClockKind.SIGN_FOR);
            case EventTypes.TASK_COMPLETED -> taskEnded(event.type(), consumed.data(event, TaskResponse.class), ClockKind.RESOLVE);
            case EventTypes.TASK_RETURNED -> taskEnded(event.type(), consumed.data(event, TaskResponse.class), ClockKind.SIGN_FOR,
                    ClockKind.RESOLVE);
            case EventTypes.VERIFICATION_OPENED -> verificationOpened(consumed.data(event, VerificationOpened.class));
            case EventTypes.VERIFICATION_CLOSED -> verificationClosed(event.type(), consumed.data(event, VerificationClosed.class));
            case EventTypes.VERIFICATION_REOPENED -> verificationReopened(event.type(), consumed.data(event, VerificationReopened.class));
            default -> Uni.createFrom().voidItem();
        };
    }

    /** 立项: the dispatch and end-to-end clocks, both the call's street's. */
    private Uni<Void> accepted(CallAccepted a) {
        CallFacts facts = new CallFacts(a.number(), a.categoryCode(), a.urgency(), a.raisingUnit(), a.streetPath());
        return locked(a.callId(), () -> clocks.rememberCall(a.callId(), facts)
                .chain(() -> clocks.start(new Start(ClockKind.DISPATCH, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()), facts))
                .chain(() -> clocks.start(new Start(ClockKind.END_TO_END, a.callId(), null, 0, a.number(), a.streetPath(), a.acceptedAt()),
                        facts)));
    }

    /** 派遣: the task's sign-for and resolve clocks; the call's dispatch clock stops when its lead task is dispatched. */
    private Uni<Void> dispatched(TaskDispatched d) {
        CallFacts facts = new CallFacts(d.number(), d.categoryCode(), d.urgency(), d.raisingUnit(), d.streetPath());
        return locked(d.callId(), () -> clocks.rememberCall(d.callId(), facts)
                .chain(() -> clocks.start(new Start(ClockKind.SIGN_FOR, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()),
                        facts))
                .chain(() -> clocks.start(new Start(ClockKind.RESOLVE, d.callId(), d.taskId(), 0, d.number(), d.unitPath(), d.dispatchedAt()),
                        facts))
                .chain(() -> d.role() == TaskRole.LEAD
                        ? clocks.stop(SlaClock.keyOf(ClockKind.DISPATCH, d.callId(), null, 0), d.callId(), d.dispatchedAt(),
                                EventTypes.TASK_DISPATCHED)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> withdrawn(String type, TaskWithdrawn w) {
        return locked(w.callId(), () -> clocks.stop(taskKey(ClockKind.SIGN_FOR, w.taskId()), w.callId(), w.withdrawnAt(), type)
                .chain(() -> clocks.stop(taskKey(ClockKind.RESOLVE, w.taskId()), w.callId(), w.withdrawnAt(), type)));
    }

    private Uni<Void> extensionDecided(ExtensionDecided d) {
        if (!d.approved() || d.grantedDeadline() == null) {
            return Uni.createFrom().voidItem();
        }
        return locked(d.callId(), () -> clocks.extend(taskKey(ClockKind.RESOLVE, d.taskId()), d.grantedDeadline()));
    }

    private Uni<Void> taskEnded(String type, TaskResponse r, ClockKind... kinds) {
        return locked(r.callId(), () -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
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
        return locked(c.callId(), () -> clocks.stop(SlaClock.keyOf(ClockKind.VERIFY, c.callId(), null, c.round()), c.callId(), c.closedAt(), type)
                .chain(() -> clocks.stop(SlaClock.keyOf(ClockKind.END_TO_END, c.callId(), null, 0), c.callId(), c.closedAt(), type)));
    }

    /** 返工 stops the round's verify clock; the end-to-end clock keeps running. */
    private Uni<Void> verificationReopened(String type, VerificationReopened r) {
        return locked(r.callId(), () -> clocks.stop(SlaClock.keyOf(ClockKind.VERIFY, r.callId(), null, r.round()), r.callId(),
                r.reopenedAt(), type));
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
