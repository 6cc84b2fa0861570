package io.huying.intake.service;

import io.huying.intake.Call;
import io.huying.intake.CallLifecycle;
import io.huying.intake.CallStatus;
import io.huying.intake.config.IntakeConfig;
import io.huying.intake.repository.CallRepository;
import io.huying.platform.TransactionLocks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * 重复件合并 — an accepted call is merged into the oldest open call of its street and category raised
 * within the duplicate window at the same grid or the same normalised address.
 *
 * <p>Only calls that could be duplicates of each other wait for each other: a call locks its
 * street, category and grid, and its street, category and address, until its transaction ends, so a
 * possible duplicate written by another transaction is seen committed or waits for this one. Keys are
 * locked in one order (TransactionLocks.lockAll), so writers never deadlock; calls of one street and
 * category at different grids and addresses never wait for each other. The candidates are read by
 * index, in one statement for a whole group of calls; a call can also merge into one raised before
 * it in the same group.
 */
@ApplicationScoped
public class DuplicateCalls {
    private static final Comparator<Call> OLDEST_FIRST = Comparator.<Call, Instant>comparing(c -> c.raisedAt)
            .thenComparing(c -> c.number);

    private final CallRepository calls;
    private final TransactionLocks locks;
    private final IntakeConfig config;

    public DuplicateCalls(CallRepository calls, TransactionLocks locks, IntakeConfig config) {
        this.calls = calls;
        this.locks = locks;
        this.config = config;
    }

    /**
     * Marks MERGED each accepted call of {@code group} (in raising order), or call held for review, that
     * duplicates an open case; in the caller's transaction. A held call is no case (yet) to merge into.
     */
    public Uni<Void> merge(List<Call> group, Instant now) {
        List<Call> accepted = group.stream()
                .filter(call -> call.status == CallStatus.ACCEPTED || call.status == CallStatus.PENDING_REVIEW).toList();
        if (accepted.isEmpty() || config.mergeWindow().isZero()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> keys = new TreeSet<>();
        for (Call call : accepted) {
            String kind = "huying-duplicate:" + call.streetPath + ":" + call.categoryCode;
            keys.add(kind + ":grid:" + call.gridPath);
            keys.add(kind + ":address:" + call.addressKey);
        }
        return locks.lockAll(keys)
                .chain(() -> calls.openDuplicates(accepted, now.minus(config.mergeWindow())))
                .invoke(open -> {
                    List<Call> earlier = new ArrayList<>(open);
                    earlier.sort(OLDEST_FIRST);
                    for (Call call : accepted) {
                        earlier.stream().filter(candidate -> duplicates(call, candidate)).findFirst().ifPresentOrElse(into -> {
                            call.status = CallStatus.MERGED;
                            call.lifecycle = CallLifecycle.MERGED;
                            call.mergedIntoId = into.id;
                            call.mergedIntoNumber = into.number;
                        }, () -> {
                            if (call.status == CallStatus.ACCEPTED) {
                                earlier.add(call);
                            }
                        });
                    }
                })
                .replaceWithVoid();
    }

    private static boolean duplicates(Call call, Call open) {
        return call.streetPath.equals(open.streetPath) && call.categoryCode.equals(open.categoryCode)
                && (call.gridPath.equals(open.gridPath) || call.addressKey.equals(open.addressKey));
    }
}
