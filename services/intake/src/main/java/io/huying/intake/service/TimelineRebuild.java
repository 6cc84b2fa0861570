package io.huying.intake.service;

import io.huying.contracts.CloudEvent;
import io.huying.intake.RebuildProgress;
import io.huying.intake.repository.LifecycleTopicsReplay;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.error.ProblemException;
import io.huying.platform.inbox.ConsumedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * 重建时间线 — rebuilds the raiser's timeline from the lifecycle topics while the service keeps
 * running.
 *
 * <p>In one transaction it deletes every step and every processed-event row of the timeline's
 * consumer, in one statement so that both deletes see the same snapshot: a step the live consumer
 * commits meanwhile goes with its row or stays with it. Then it replays the topics from their
 * beginning up to their end offsets as of that moment, each record through {@link ConsumedEvents#once}
 * and {@link Timeline#project}, behind the same (consumer, event id) row as the live consumer, which
 * keeps going: whichever of the two inserts an event's processed row first projects it, the other
 * skips it. An event the live consumer applied before the delete lies below the end offsets, so the
 * replay brings it back.
 *
 * <p>Each projected step recomputes its call's lifecycle, so every call with a step ends with the
 * lifecycle of its rebuilt timeline. It is not blanked meanwhile: a CLOSED call would otherwise
 * absorb new duplicates, and raisers would see their calls jump back, for as long as the rebuild
 * runs. A rebuild refuses to start when a topic has lost its first events (retention): it would
 * delete steps it cannot bring back.
 *
 * <p>One rebuild at a time in this instance; the last few are kept for reporting.
 */
@ApplicationScoped
public class TimelineRebuild {
    /** How a rebuild stands. */
    private static final int KEPT = 10;
    private static final int RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final ConsumedEvents consumed;
    private final Timeline timeline;
    private final LifecycleTopicsReplay topics;
    /** Newest first; guarded by {@code this}. */
    private final Deque<Run> recent = new ArrayDeque<>();
    private Thread worker;

    public TimelineRebuild(ConsumedEvents consumed, Timeline timeline, LifecycleTopicsReplay topics) {
        this.consumed = consumed;
        this.timeline = timeline;
        this.topics = topics;
    }

    /** Starts a rebuild on a thread of its own; 409 while another one runs. */
    public synchronized RebuildProgress start(String requestedBy) {
        Run last = recent.peekFirst();
        if (last != null && last.state == RebuildProgress.State.RUNNING) {
            throw ProblemException.conflict("rebuild-running", "timeline rebuild " + last.id + " is still running");
        }
        Run run = new Run(UUID.randomUUID(), requestedBy, Instant.now());
        recent.addFirst(run);
        if (recent.size() > KEPT) {
            recent.removeLast();
        }
        worker = new Thread(() -> rebuild(run), "huying-intake-timeline-rebuild");
        worker.setDaemon(true);
        worker.start();
        return run.progress();
    }

    public synchronized Optional<RebuildProgress> find(UUID id) {
        return recent.stream().filter(run -> run.id.equals(id)).findFirst().map(Run::progress);
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void rebuild(Run run) {
        Log.infof("timeline rebuild %s started by %s", run.id, run.requestedBy);
        try {
            List<String> truncated = topics.partitionsMissingTheirFirstEvents();
            if (!truncated.isEmpty()) {
                throw new IllegalStateException("the topics no longer hold every event (retention deleted the start of "
                        + String.join(", ", truncated) + "); a rebuild would lose those steps");
            }
            Object[] deleted = await(this::clear);
            Log.infof("timeline rebuild %s deleted %s steps and %s processed-event rows; replaying %s", run.id, deleted[0],
                    deleted[1], LifecycleTopicsReplay.TOPICS);
            topics.replay(new LifecycleTopicsReplay.Records() {
                @Override
                public void event(CloudEvent event) {
                    project(run, event);
                }

                @Override
                public void unreadable(String where, String why) {
                    run.unreadable(where, why);
                }
            });
            run.finish(RebuildProgress.State.DONE, null);
            Log.infof("timeline rebuild %s done: %s", run.id, run.progress());
        } catch (RuntimeException e) {
            run.finish(RebuildProgress.State.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            Log.errorf(e, "timeline rebuild %s failed", run.id);
        } finally {
            if (run.state == RebuildProgress.State.RUNNING) { // an Error: never leave a rebuild that blocks every next one
                run.finish(RebuildProgress.State.FAILED, "the rebuild thread stopped unexpectedly");
            }
        }
    }

    /** Deletes the steps and the processed-event rows in one statement: [steps, rows]. */
    private Uni<Object[]> clear() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> NativeSelects.create(session, """
                        with steps as (delete from call_timeline returning 1),
                             processed as (delete from huying_processed_event where consumer = :consumer returning 1)
                        select (select count(*) from steps), (select count(*) from processed)""", Object[].class)
                .setParameter("consumer", Timeline.CONSUMER)
                .getSingleResult()));
    }

    private void project(Run run, CloudEvent event) {
        Optional<String> unprojectable = Timeline.unprojectable(event);
        if (unprojectable.isPresent()) {
            run.unreadable("event " + event.id(), unprojectable.get());
            return;
        }
        // Other failures are the database's, not the event's: a deadlock with a live batch that holds the same call
        // is retried; what still fails stops the rebuild, as FAILED, and it can be run again.
        boolean applied = await(() -> consumed.once(Timeline.CONSUMER, event, timeline::project)
                .onFailure().retry().withBackOff(FIRST_BACKOFF, FIRST_BACKOFF.multipliedBy(20)).atMost(RETRIES));
        run.projected(applied);
    }

    /** Runs reactive work on a Vert.x context of its own and waits for it: Hibernate Reactive needs one. */
    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One rebuild; written by its worker thread only, read by any. */
    private static final class Run {
        final UUID id;
        final String requestedBy;
        final Instant startedAt;
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong projected = new AtomicLong();
        final AtomicLong alreadyProjected = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
        volatile RebuildProgress.State state = RebuildProgress.State.RUNNING;
        volatile Instant finishedAt;
        volatile String error;

        Run(UUID id, String requestedBy, Instant startedAt) {
            this.id = id;
            this.requestedBy = requestedBy;
            this.startedAt = startedAt;
        }

        void projected(boolean applied) {
            replayed.incrementAndGet();
            (applied ? projected : alreadyProjected).incrementAndGet();
        }

        void unreadable(String where, String why) {
            replayed.incrementAndGet();
            unreadable.incrementAndGet();
            Log.warnf("timeline rebuild %s leaves out %s: %s", id, where, why);
        }

        void finish(RebuildProgress.State outcome, String reason) {
            error = reason;
            finishedAt = Instant.now();
            state = outcome;
        }

        RebuildProgress progress() {
            return new RebuildProgress(id, state, requestedBy, startedAt, finishedAt, replayed.get(), projected.get(),
                    alreadyProjected.get(), unreadable.get(), error);
        }
    }
}
