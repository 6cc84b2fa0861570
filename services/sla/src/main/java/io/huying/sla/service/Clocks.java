package io.huying.sla.service;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped.Outcome;
import io.huying.contracts.events.SlaDeadlineChanged.Reason;
import io.huying.platform.inbox.UnprocessableEvent;
import io.huying.sla.EarlyStop;
import io.huying.sla.ParkedStart;
import io.huying.sla.SlaCall;
import io.huying.sla.SlaClock;
import io.huying.sla.mapping.SlaEvents;
import io.huying.sla.repository.ClockRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Starting, stopping, pausing (挂起), resuming and extending (延期) clocks, inside the consumer's
 * transaction and under the call's lock (see {@link LifecycleEvents}).
 *
 * <p>Out of order: a stop whose clock does not exist yet is kept ({@code sla_early_stop}) and the start
 * creates the clock already stopped; a verification clock whose call is unknown waits
 * ({@code sla_parked_start}) for the call's facts. Idempotent: a start finds the clock of its natural
 * key and does nothing; a stop of a stopped clock does nothing; so neither announces twice.
 */
@ApplicationScoped
public class Clocks {
    private final ClockRepository clocks;
    private final SlaRules rules;
    private final Timers timers;
    private final SlaEvents events;
    private final Clock time;

    public Clocks(ClockRepository clocks, SlaRules rules, Timers timers, SlaEvents events, Clock time) {
        this.clocks = clocks;
        this.rules = rules;
        this.timers = timers;
        this.events = events;
        this.time = time;
    }

    /** What a starting event says: which clock, whose, since when. */
    public record Start(ClockKind kind, UUID callId, UUID taskId, int round, String number, String unitPath, Instant at) {
        public String key() {
            return SlaClock.keyOf(kind, callId, taskId, round);
        }
    }

    /** What a clock needs to know of its call. */
    public record CallFacts(String number, String categoryCode, Urgency urgency, String raisingUnit, String streetPath) {
        static CallFacts of(SlaCall call) {
            return new CallFacts(call.number, call.categoryCode, call.urgency, call.raisingUnit, call.streetPath);
        }
    }

    /**
     * Records the call's facts the first time they are seen, and starts the clocks that were waiting
     * for them.
     */
    public Uni<Void> rememberCall(UUID callId, CallFacts facts) {
        return SlaCall.<SlaCall>findById(callId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            SlaCall call = new SlaCall();
            call.callId = callId;
            call.number = facts.number();
            call.categoryCode = facts.categoryCode();
            call.urgency = facts.urgency();
            call.raisingUnit = facts.raisingUnit();
            call.streetPath = facts.streetPath();
            return call.persist().chain(() -> ParkedStart.<ParkedStart>list("callId", callId)).chain(parked -> Multi.createFrom()
                    .iterable(parked)
                    .onItem().transformToUniAndConcatenate(p -> start(new Start(p.kind, p.callId, p.taskId, p.round, p.number,
                            p.unitPath, p.startedAt), facts).chain(() -> p.delete()))
                    .collect().last().replaceWithVoid());
        });
    }

    /** Starts the clock when its call is known, else parks the start until it is. */
    public Uni<Void> startWhenCallKnown(Start start) {
        return SlaCall.<SlaCall>findById(start.callId()).chain(call -> {
            if (call != null) {
                return start(start, CallFacts.of(call));
            }
            return ParkedStart.<ParkedStart>findById(start.key()).chain(parked -> {
                if (parked != null) {
                    return Uni.createFrom().voidItem();
                }
                Log.infof("%s of call %s waits for the call's facts", start.kind(), start.number());
                ParkedStart p = new ParkedStart();
                p.clockKey = start.key();
                p.callId = start.callId();
                p.kind = start.kind();
                p.taskId = start.taskId();
                p.round = start.round();
                p.number = start.number();
                p.unitPath = start.unitPath();
                p.startedAt = start.at();
                return p.persist().replaceWithVoid();
            });
        });
    }

    /**
     * Starts a clock: the policy's terms for the call's category, urgency and the clock, the deadline
     * on the working calendar, its timers, and 时限开始 announced. A stop seen earlier stops it at once.
     */
    public Uni<Void> start(Start start, CallFacts call) {
        return clocks.byKey(start.key()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return EarlyStop.<EarlyStop>findById(start.key()).chain(early -> {
                SlaRules.Snapshot r = rules.current();
                SlaPolicy.Terms terms = r.policy().termsFor(call.categoryCode(), call.urgency(), start.kind());
                SlaClock c = new SlaClock();
                c.id = UUID.randomUUID();
                c.clockKey = start.key();
                c.kind = start.kind();
                c.callId = start.callId();
                c.taskId = start.taskId();
                c.round = start.round();
                c.number = start.number();
                c.unitPath = start.unitPath();
                c.streetPath = call.streetPath();
                c.categoryCode = call.categoryCode();
                c.urgency = call.urgency();
                c.state = SlaClock.State.RUNNING;
                c.startedAt = start.at().truncatedTo(ChronoUnit.MICROS);
                c.setTerms(terms.duration(), terms.warnings(), r.policy().version());
                ClockSchedule schedule = r.deadlines().schedule(c.terms());
                c.setSchedule(schedule);
                c.updatedAt = time.instant();
                Uni<Void> started = clocks.persistAndFlush(c).chain(() -> events.started(c));
                if (early != null) {
                    return started.chain(() -> stop(c, early.stoppedAt, early.reason)).chain(() -> early.delete());
                }
                return started.chain(() -> timers.plan(c, r.ladder().plan(c.kind, c.urgency, c.unitPath, schedule, r.deadlines()), true));
            });
        });
    }

    /** Stops the clock of {@code key} at {@code at}; remembers the stop when the clock has not started yet. */
    public Uni<Void> stop(String key, UUID callId, Instant at, String reason) {
        return clocks.lockedByKey(key).chain(c -> {
            if (c != null) {
                return c.state == SlaClock.State.STOPPED ? Uni.createFrom().voidItem() : stop(c, at, reason);
            }
            return EarlyStop.<EarlyStop>findById(key).chain(seen -> {
                if (seen != null) {
                    return Uni.createFrom().voidItem();
                }
                Log.infof("%s stops %s before it started; kept until it starts", reason, key);
                EarlyStop early = new EarlyStop();
                early.clockKey = key;
                early.callId = callId;
                early.stoppedAt = at;
                early.reason = reason;
                return early.persist().replaceWithVoid();
            });
        });
    }

    /**
     * 时限结束: MET when stopped by the deadline, BREACHED when later or when the breach was already
     * announced (the board and the events never contradict each other). Its pending timers go.
     */
    private Uni<Void> stop(SlaClock c, Instant at, String reason) {
        if (c.state == SlaClock.State.PAUSED) {
            endPause(c, at);
        }
        c.state = SlaClock.State.STOPPED;
        c.stoppedAt = at;
        c.stopReason = reason;
        c.outcome = c.breachedAt != null || at.isAfter(c.deadline) ? Outcome.BREACHED : Outcome.MET;
        c.updatedAt = time.instant();
        return timers.cancel(c.id).chain(() -> events.stopped(c));
    }

    /** 挂起 — time stops counting; the clock's pending timers go. */
    public Uni<Void> pause(String key, Instant at) {
        return existing(key, "suspended").chain(c -> {
            if (c.state != SlaClock.State.RUNNING) {
                Log.infof("%s is %s; a suspension changes nothing", key, c.state);
                return Uni.createFrom().voidItem();
            }
            c.state = SlaClock.State.PAUSED;
            c.pausedAt = at;
            c.updatedAt = time.instant();
            return timers.cancel(c.id).replaceWithVoid();
        });
    }

    /** 恢复 — the paused working (or clock) time moves the deadline and the warnings later; timers are planned again. */
    public Uni<Void> resume(String key, Instant at) {
        return existing(key, "resumed").chain(c -> {
            if (c.state != SlaClock.State.PAUSED) {
                Log.infof("%s is %s; a resumption changes nothing", key, c.state);
                return Uni.createFrom().voidItem();
            }
            Instant before = c.deadline;
            endPause(c, at);
            c.state = SlaClock.State.RUNNING;
            return reschedule(c, before, Reason.RESUMED);
        });
    }

    /** 延期 — an approved extension: the granted deadline replaces the policy's, warnings follow it. */
    public Uni<Void> extend(String key, Instant grantedDeadline) {
        return existing(key, "extended").chain(c -> {
            if (c.state == SlaClock.State.STOPPED) {
                Log.infof("%s has stopped; the extension changes nothing", key);
                return Uni.createFrom().voidItem();
            }
            c.extendedDeadline = grantedDeadline;
            c.extensionPausedSeconds = c.pausedSeconds;
            c.extensionPausedWorkingSeconds = c.pausedWorkingSeconds;
            return reschedule(c, c.deadline, Reason.EXTENDED);
        });
    }

    /**
     * A new policy or calendar: the clock takes the active policy's terms and its deadline is computed
     * again from its start, its pauses and extension — the time already used is kept. The clock must
     * be locked by the caller.
     */
    public Uni<Void> recompute(SlaClock c) {
        SlaRules.Snapshot r = rules.current();
        SlaPolicy.Terms terms = r.policy().termsFor(c.categoryCode, c.urgency, c.kind);
        Instant before = c.deadline;
        c.setTerms(terms.duration(), terms.warnings(), r.policy().version());
        return reschedule(c, before, Reason.RECOMPUTED);
    }

    /** A new schedule for the clock; a deadline that moved from {@code before} is announced (时限变更). */
    private Uni<Void> reschedule(SlaClock c, Instant before, Reason reason) {
        SlaRules.Snapshot r = rules.current();
        ClockSchedule schedule = r.deadlines().schedule(c.terms());
        c.setSchedule(schedule);
        c.updatedAt = time.instant();
        Uni<Void> announced = c.deadline.equals(before) ? Uni.createFrom().voidItem() : events.deadlineChanged(c, before, reason);
        if (c.state != SlaClock.State.RUNNING) {
            return announced;
        }
        return announced.chain(() -> timers.plan(c, r.ladder().plan(c.kind, c.urgency, c.unitPath, schedule, r.deadlines()), false));
    }

    private void endPause(SlaClock c, Instant at) {
        c.addPause(rules.current().deadlines().pausedBetween(c.pausedAt, at));
        c.pausedAt = null;
        c.setSchedule(rules.current().deadlines().schedule(c.terms()));
    }

    /** The locked clock that an event about an existing task refers to; an event without one is dead-lettered. */
    private Uni<SlaClock> existing(String key, String what) {
        return clocks.lockedByKey(key).map(c -> {
            if (c == null) {
                throw new UnprocessableEvent("clock " + key + " was " + what + " but never started");
            }
            return c;
        });
    }
}
