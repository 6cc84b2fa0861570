package io.huying.sla.service;

import io.huying.contracts.Ids;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped.Outcome;
import io.huying.contracts.events.SlaDeadlineChanged.Reason;
import io.huying.platform.inbox.ConsumedEvents;
import io.huying.platform.inbox.UnprocessableEvent;
import io.huying.platform.tracing.CallTraces;
import io.huying.sla.EarlyStop;
import io.huying.sla.ParkedStart;
import io.huying.sla.SlaCall;
import io.huying.sla.SlaClock;
import io.huying.sla.domain.ClockSchedule;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.mapping.SlaEvents;
import io.huying.sla.repository.ClockRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Starting, stopping, pausing (挂起), resuming and extending (延期) clocks, inside the consumer's
 * transaction and under the calls' locks (see {@link LifecycleEvents}). The changes are made on a
 * {@link ClockLedger} in memory, and {@link #write} sends those of a whole batch of events at once.
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
     * Inside a transaction that holds the calls' locks: what the engine has of {@code callIds} — their
     * facts, their clocks (row-locked until the transaction ends), early stops and parked starts.
     */
    public Uni<ClockLedger> open(Collection<UUID> callIds) {
        List<UUID> ids = List.copyOf(callIds);
        return SlaCall.<SlaCall>list("callId in ?1", ids)
                .chain(calls -> clocks.find("callId in ?1", ids).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                        .chain(locked -> EarlyStop.<EarlyStop>list("callId in ?1", ids)
                                .chain(early -> ParkedStart.<ParkedStart>list("callId in ?1", ids)
                                        .map(parked -> ClockLedger.of(calls, locked, early, parked)))));
    }

    /**
     * Sends what {@code ledger} changed: new rows, changed clocks and removed rows in a batch per table,
     * then the timers cancelled and planned, then the events announced, in the order they happened.
     * The session forgets its entities once they are written: the statements after it would each
     * dirty-check them all again first, as would the commit (9 % of a busy engine's CPU).
     */
    public Uni<Void> write(ClockLedger ledger) {
        return Panache.getSession().chain(session -> session.persistAll(ledger.created())
                .chain(() -> session.removeAll(ledger.removed()))
                .chain(ConsumedEvents::flushAndClear))
                .chain(() -> timers.write(ledger.cancelled(), ledger.planned()))
                .chain(() -> events.announce(ledger.announced()));
    }

    /**
     * Records the call's facts the first time they are seen, and starts the clocks that were waiting
     * for them.
     */
    public void rememberCall(ClockLedger ledger, UUID callId, CallFacts facts) {
        if (ledger.call(callId) != null) {
            return;
        }
        SlaCall call = new SlaCall();
        call.callId = callId;
        call.number = facts.number();
        call.categoryCode = facts.categoryCode();
        call.urgency = facts.urgency();
        call.raisingUnit = facts.raisingUnit();
        call.streetPath = facts.streetPath();
        ledger.add(call);
        for (ParkedStart p : ledger.parkedOf(callId)) {
            start(ledger, new Start(p.kind, p.callId, p.taskId, p.round, p.number, p.unitPath, p.startedAt), facts);
            ledger.remove(p);
        }
    }

    /** Starts the clock when its call is known, else parks the start until it is. */
    public void startWhenCallKnown(ClockLedger ledger, Start start) {
        SlaCall call = ledger.call(start.callId());
        if (call != null) {
            start(ledger, start, CallFacts.of(call));
            return;
        }
        if (ledger.parkedStart(start.key()) != null) {
            return;
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
        ledger.add(p);
    }

    /**
     * Starts a clock: the policy's terms for the call's category, urgency and the clock, the deadline
     * on the working calendar, its timers, and 时限开始 announced. A stop seen earlier stops it at once.
     */
    public void start(ClockLedger ledger, Start start, CallFacts call) {
        if (ledger.clock(start.key()) != null) {
            return;
        }
        EarlyStop early = ledger.earlyStop(start.key());
        SlaRules.Snapshot r = rules.current();
        SlaPolicy.Terms terms = r.policy().termsFor(call.categoryCode(), call.urgency(), start.kind());
        SlaClock c = new SlaClock();
        c.id = Ids.next();
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
        c.traceparent = CallTraces.forCall(String.valueOf(c.callId));
        ledger.add(c);
        ledger.announce(events.started(c));
        if (early != null) {
            stop(ledger, c, early.stoppedAt, early.reason);
            ledger.remove(early);
            return;
        }
        ledger.planTimers(c, r.ladder().plan(c.kind, c.urgency, c.unitPath, schedule, r.deadlines()), true);
    }

    /** Stops the clock of {@code key} at {@code at}; remembers the stop when the clock has not started yet. */
    public void stop(ClockLedger ledger, String key, UUID callId, Instant at, String reason) {
        SlaClock c = ledger.clock(key);
        if (c != null) {
            if (c.state != SlaClock.State.STOPPED) {
                stop(ledger, c, at, reason);
            }
            return;
        }
        if (ledger.earlyStop(key) != null) {
            return;
        }
        Log.debugf("%s stops %s before it started; kept until it starts", reason, key);
        EarlyStop early = new EarlyStop();
        early.clockKey = key;
        early.callId = callId;
        early.stoppedAt = at;
        early.reason = reason;
        ledger.add(early);
    }

    /**
     * 时限结束: MET when stopped by the deadline, BREACHED when later or when the breach was already
     * announced (the board and the events never contradict each other). Its pending timers go.
     */
    private void stop(ClockLedger ledger, SlaClock c, Instant at, String reason) {
        if (c.state == SlaClock.State.PAUSED) {
            endPause(c, at);
        }
        c.state = SlaClock.State.STOPPED;
        c.stoppedAt = at;
        c.stopReason = reason;
        c.outcome = c.breachedAt != null || at.isAfter(c.deadline) ? Outcome.BREACHED : Outcome.MET;
        c.updatedAt = time.instant();
        ledger.cancelTimers(c);
        ledger.announce(events.stopped(c));
    }

    /** 挂起 — time stops counting; the clock's pending timers go. */
    public void pause(ClockLedger ledger, String key, Instant at) {
        SlaClock c = existing(ledger, key, "suspended");
        if (c.state != SlaClock.State.RUNNING) {
            Log.infof("%s is %s; a suspension changes nothing", key, c.state);
            return;
        }
        c.state = SlaClock.State.PAUSED;
        c.pausedAt = at;
        c.updatedAt = time.instant();
        ledger.cancelTimers(c);
    }

    /** 恢复 — the paused working (or clock) time moves the deadline and the warnings later; timers are planned again. */
    public void resume(ClockLedger ledger, String key, Instant at) {
        SlaClock c = existing(ledger, key, "resumed");
        if (c.state != SlaClock.State.PAUSED) {
            Log.infof("%s is %s; a resumption changes nothing", key, c.state);
            return;
        }
        Instant before = c.deadline;
        endPause(c, at);
        c.state = SlaClock.State.RUNNING;
        reschedule(ledger, c, before, Reason.RESUMED);
    }

    /** 延期 — an approved extension: the granted deadline replaces the policy's, warnings follow it. */
    public void extend(ClockLedger ledger, String key, Instant grantedDeadline) {
        SlaClock c = existing(ledger, key, "extended");
        if (c.state == SlaClock.State.STOPPED) {
            Log.infof("%s has stopped; the extension changes nothing", key);
            return;
        }
        c.extendedDeadline = grantedDeadline;
        c.extensionPausedSeconds = c.pausedSeconds;
        c.extensionPausedWorkingSeconds = c.pausedWorkingSeconds;
        reschedule(ledger, c, c.deadline, Reason.EXTENDED);
    }

    /**
     * A new policy or calendar: the clock takes the active policy's terms and its deadline is computed
     * again from its start, its pauses and extension — the time already used is kept. The clock must
     * be locked by the caller.
     */
    public void recompute(ClockLedger ledger, SlaClock c) {
        SlaRules.Snapshot r = rules.current();
        SlaPolicy.Terms terms = r.policy().termsFor(c.categoryCode, c.urgency, c.kind);
        Instant before = c.deadline;
        c.setTerms(terms.duration(), terms.warnings(), r.policy().version());
        reschedule(ledger, c, before, Reason.RECOMPUTED);
    }

    /** A new schedule for the clock; a deadline that moved from {@code before} is announced (时限变更). */
    private void reschedule(ClockLedger ledger, SlaClock c, Instant before, Reason reason) {
        SlaRules.Snapshot r = rules.current();
        ClockSchedule schedule = r.deadlines().schedule(c.terms());
        c.setSchedule(schedule);
        c.updatedAt = time.instant();
        if (!c.deadline.equals(before)) {
            ledger.announce(events.deadlineChanged(c, before, reason));
        }
        if (c.state == SlaClock.State.RUNNING) {
            ledger.planTimers(c, r.ladder().plan(c.kind, c.urgency, c.unitPath, schedule, r.deadlines()), false);
        }
    }

    private void endPause(SlaClock c, Instant at) {
        c.addPause(rules.current().deadlines().pausedBetween(c.pausedAt, at));
        c.pausedAt = null;
        c.setSchedule(rules.current().deadlines().schedule(c.terms()));
    }

    /** The locked clock that an event about an existing task refers to; an event without one is dead-lettered. */
    private static SlaClock existing(ClockLedger ledger, String key, String what) {
        SlaClock c = ledger.clock(key);
        if (c == null) {
            throw new UnprocessableEvent("clock " + key + " was " + what + " but never started");
        }
        return c;
    }
}
