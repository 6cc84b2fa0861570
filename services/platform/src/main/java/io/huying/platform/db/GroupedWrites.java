package io.huying.platform.db;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Requests written together, a group per transaction, one group at a time: a request that finds the
 * writer idle is written at once, alone; those that come while a group is being written wait and
 * go together in the next group, up to {@code maxGroup}. Under load the database's cost per statement
 * and per commit, not the work in them, is what limits a write path (docs/benchmarks.md); a group
 * pays them once for all its requests.
 *
 * <p>A group whose write fails is written again one request at a time, so one bad request cannot
 * fail the others; a request written alone gets its own failure. Each group is written on a Vert.x
 * context of its own (a Hibernate Reactive session lives on one context) and subscribed by the
 * writer, not by the request: a client that hangs up never aborts a transaction halfway. Each
 * answer is given on the context of the request that waited for it.
 *
 * <p>A write that has not come back after {@link #DEFAULT_TIMEOUT} (30 s) fails its whole group
 * at once, without a request-by-request retry, and the writer goes on to the next group: a write
 * hanging on the database must not hold up every later request.
 *
 * @param <T> a request
 * @param <R> what writing it came to
 */
public final class GroupedWrites<T, R> {
    /** How long a write may take before its group fails. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final int maxGroup;
    private final Duration timeout;
    private final Function<List<T>, Uni<List<R>>> write;
    /** Requests waiting for the writer, oldest first; guards {@link #writing} too. */
    private final Deque<Waiting<T, R>> waiting = new ArrayDeque<>();
    private boolean writing;
    /** Groups whose write failed and were written again request by request. */
    private final AtomicLong splitGroups = new AtomicLong();

    /**
     * @param write writes a group in one transaction and gives each request's result in the group's
     *     order; a failure fails the whole group (which is then written again request by request)
     */
    public GroupedWrites(Vertx vertx, int maxGroup, Function<List<T>, Uni<List<R>>> write) {
        this(vertx, maxGroup, DEFAULT_TIMEOUT, write);
    }

    /** As above, with the time a write may take before its group fails (for tests: production takes the default). */
    GroupedWrites(Vertx vertx, int maxGroup, Duration timeout, Function<List<T>, Uni<List<R>>> write) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.vertx = vertx;
        this.maxGroup = maxGroup;
        this.timeout = timeout;
        this.write = write;
    }

    /** {@code request}'s result once the group it went in has been written. */
    public Uni<R> submit(T request) {
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> {
            List<Waiting<T, R>> group;
            synchronized (waiting) {
                waiting.add(new Waiting<>(request, emitter, caller));
                if (writing) {
                    return;
                }
                writing = true;
                group = nextGroup();
            }
            start(group);
        });
    }

    private record Waiting<T, R>(T request, UniEmitter<? super R> emitter, Context context) {
    }

    /** Up to {@code maxGroup} of the waiting requests, oldest first; the caller holds {@code waiting}'s lock. */
    private List<Waiting<T, R>> nextGroup() {
        List<Waiting<T, R>> group = new ArrayList<>(Math.min(waiting.size(), maxGroup));
        while (!waiting.isEmpty() && group.size() < maxGroup) {
            group.add(waiting.poll());
        }
        return group;
    }

    private void start(List<Waiting<T, R>> group) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> writeGroup(group).subscribe().with(done -> next(), failure -> {
            Log.errorf(failure, "writing a group of %d failed outside the write", group.size());
            next();
        }));
    }

    private void next() {
        List<Waiting<T, R>> group;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                writing = false;
                return;
            }
            group = nextGroup();
        }
        start(group);
    }

    /**
     * How many groups failed to write and were written again request by request. A statement that
     * fails for every group of more than one request hides behind that retry (each request alone still
     * succeeds): this count shows it.
     */
    public long splitGroups() {
        return splitGroups.get();
    }

    /** The group in one write, or, if that fails, each request alone; every request answered either way. */
    private Uni<Void> writeGroup(List<Waiting<T, R>> group) {
        if (group.size() == 1) {
            return writeAlone(group.get(0));
        }
        List<T> requests = group.stream().map(Waiting::request).toList();
        return written(requests).onItemOrFailure().transformToUni((results, failure) -> {
            if (failure == null || failure instanceof WriteTimedOut) {
                for (int i = 0; i < group.size(); i++) {
                    answer(group.get(i), failure == null ? results.get(i) : null, failure);
                }
                return Uni.createFrom().voidItem();
            }
            Log.warnf("a group of %d failed to write (%s); writing them one by one", group.size(), failure.getMessage());
            splitGroups.incrementAndGet();
            return Multi.createFrom().iterable(group).onItem().transformToUniAndConcatenate(this::writeAlone).collect().last()
                    .replaceWithVoid();
        });
    }

    private Uni<Void> writeAlone(Waiting<T, R> one) {
        return written(List.of(one.request())).onItemOrFailure().invoke((results, failure) -> {
            if (failure == null) {
                answer(one, results.get(0), null);
            } else {
                answer(one, null, failure);
            }
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The write's results, checked to be one per request; a write that throws while being assembled fails like one that fails. */
    private Uni<List<R>> written(List<T> requests) {
        return Uni.createFrom().deferred(() -> write.apply(requests))
                .ifNoItem().after(timeout).failWith(() -> new WriteTimedOut(requests.size(), timeout))
                .invoke(results -> {
            if (results == null || results.size() != requests.size()) {
                throw new IllegalStateException("a group of " + requests.size() + " was written with "
                        + (results == null ? "no" : results.size()) + " results");
            }
        });
    }

    /** A write that did not come back in time; its group fails as a whole. */
    public static final class WriteTimedOut extends RuntimeException {
        WriteTimedOut(int requests, Duration timeout) {
            super("a write of " + requests + " request(s) did not complete within " + timeout.toMillis() + " ms");
        }
    }

    private static <T, R> void answer(Waiting<T, R> waiting, R result, Throwable failure) {
        Runnable complete = failure == null ? () -> waiting.emitter().complete(result) : () -> waiting.emitter().fail(failure);
        if (waiting.context() == null) {
            complete.run();
        } else {
            waiting.context().runOnContext(ignored -> complete.run());
        }
    }
}
