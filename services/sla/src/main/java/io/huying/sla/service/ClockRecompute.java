package io.huying.sla.service;

import io.huying.platform.TransactionLocks;
import io.huying.sla.repository.ClockRepository;
import io.huying.sla.repository.ClockRepository.ClockRef;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * A new policy or calendar recomputes every open clock (DESIGN §5): deadline = f(start, policy,
 * calendar) moved by the time paused, or the granted extension — the time already used is kept —
 * and the pending timers are planned again. Pages of clocks, each in its own transaction; each call's
 * lock is taken in call order, as the consumer takes them, so the two never deadlock, and each clock
 * is read under its row lock, so a clock stopped meanwhile stays stopped.
 */
@ApplicationScoped
public class ClockRecompute {
    private static final int PAGE = 200;

    private final ClockRepository clocks;
    private final Clocks clockService;
    private final TransactionLocks locks;

    public ClockRecompute(ClockRepository clocks, Clocks clockService, TransactionLocks locks) {
        this.clocks = clocks;
        this.clockService = clockService;
        this.locks = locks;
    }

    /** Recomputes every running or paused clock with the active policy and calendar; returns how many. */
    public Uni<Integer> recomputeOpenClocks() {
        return page(null, 0).invoke(n -> Log.infof("recomputed %d open SLA clocks", n));
    }

    private Uni<Integer> page(ClockRef after, int doneSoFar) {
        return Panache.withTransaction(() -> clocks.openAfter(after, PAGE).chain(refs -> recompute(refs).replaceWith(refs)))
                .chain(refs -> refs.size() < PAGE ? Uni.createFrom().item(doneSoFar + refs.size())
                        : page(refs.get(refs.size() - 1), doneSoFar + refs.size()));
    }

    private Uni<Void> recompute(List<ClockRef> refs) {
        ClockLedger ledger = ClockLedger.empty();
        return Multi.createFrom().iterable(refs)
                .onItem().transformToUniAndConcatenate(ref -> locks.lock(LifecycleEvents.lockKey(ref.callId()))
                        .chain(() -> clocks.findById(ref.id(), LockModeType.PESSIMISTIC_WRITE))
                        .invoke(c -> {
                            if (c != null && c.open()) {
                                clockService.recompute(ledger, c);
                            }
                        }))
                .collect().last()
                .chain(() -> clockService.write(ledger));
    }
}
