package io.huying.sla;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped.Outcome;
import io.huying.sla.domain.ClockSchedule;
import io.huying.sla.domain.ClockTerms;
import io.huying.sla.domain.PausedTime;
import io.huying.sla.domain.SlaDuration;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * 时限 — one SLA clock: what it measures (its kind and natural key), whose it is, the terms its
 * deadline is computed from, and how it stands (running, paused, stopped; warned, breached).
 */
@Entity
@Table(name = "sla_clock")
public class SlaClock extends PanacheEntityBase {

    /** RUNNING: time counts. PAUSED: 挂起, time does not count. STOPPED: done, with an outcome. */
    public enum State {
        RUNNING, PAUSED, STOPPED
    }

    /** How a clock stands on the ops board. */
    public enum Standing {
        /** Open, no warning yet. */
        ON_TRACK,
        /** Open, a warning was announced (预警). */
        AT_RISK,
        /** The deadline passed (超时): breach announced, or stopped late. */
        BREACHED,
        /** Stopped in time (按期). */
        MET
    }

    @Id
    public UUID id;
    @Column(name = "clock_key")
    public String clockKey;
    @Enumerated(EnumType.STRING)
    public ClockKind kind;
    @Column(name = "call_id")
    public UUID callId;
    @Column(name = "task_id")
    public UUID taskId;
    public int round;
    public String number;
    @Column(name = "unit_path")
    public String unitPath;
    @Column(name = "street_path")
    public String streetPath;
    @Column(name = "category_code")
    public String categoryCode;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "duration_amount")
    public int durationAmount;
    @Enumerated(EnumType.STRING)
    @Column(name = "duration_unit")
    public SlaDuration.Unit durationUnit;
    @Column(name = "warning_thresholds")
    public String warningThresholds;
    @Column(name = "policy_version")
    public String policyVersion;
    @Column(name = "calendar_version")
    public String calendarVersion;
    public Instant deadline;
    @Column(name = "warnings_at")
    public String warningsAt;
    @Column(name = "extended_deadline")
    public Instant extendedDeadline;
    @Column(name = "paused_at")
    public Instant pausedAt;
    @Column(name = "paused_seconds")
    public long pausedSeconds;
    @Column(name = "paused_working_seconds")
    public long pausedWorkingSeconds;
    @Column(name = "extension_paused_seconds")
    public long extensionPausedSeconds;
    @Column(name = "extension_paused_working_seconds")
    public long extensionPausedWorkingSeconds;
    @Column(name = "warned_threshold")
    public Integer warnedThreshold;
    /** The trace context of the work that started the clock; its timers' events continue it. */
    public String traceparent;
    @Column(name = "breached_at")
    public Instant breachedAt;
    @Column(name = "stopped_at")
    public Instant stoppedAt;
    @Column(name = "stop_reason")
    public String stopReason;
    @Enumerated(EnumType.STRING)
    public Outcome outcome;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public SlaDuration duration() {
        return new SlaDuration(durationAmount, durationUnit);
    }

    public List<Integer> thresholds() {
        return warningThresholds.isEmpty() ? List.of()
                : Arrays.stream(warningThresholds.split(",")).map(Integer::valueOf).toList();
    }

    public List<Instant> warningTimes() {
        return warningsAt.isEmpty() ? List.of() : Arrays.stream(warningsAt.split(",")).map(Instant::parse).toList();
    }

    public PausedTime paused() {
        return new PausedTime(Duration.ofSeconds(pausedSeconds), Duration.ofSeconds(pausedWorkingSeconds));
    }

    /** What the deadline is computed from. */
    public ClockTerms terms() {
        return new ClockTerms(startedAt, duration(), thresholds(), extendedDeadline, paused(),
                new PausedTime(Duration.ofSeconds(extensionPausedSeconds), Duration.ofSeconds(extensionPausedWorkingSeconds)));
    }

    /** Takes the policy's terms (a new clock, or a recompute). */
    public void setTerms(SlaDuration duration, List<Integer> thresholds, String policyVersion) {
        this.durationAmount = duration.amount();
        this.durationUnit = duration.unit();
        this.warningThresholds = thresholds.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.policyVersion = policyVersion;
    }

    public void setSchedule(ClockSchedule schedule) {
        this.deadline = schedule.deadline();
        this.warningsAt = schedule.warningTimes().stream().map(Instant::toString).collect(Collectors.joining(","));
        this.calendarVersion = schedule.calendarVersion();
    }

    /** Adds the time of a pause that ended. */
    public void addPause(PausedTime pause) {
        PausedTime total = paused().plus(pause);
        pausedSeconds = total.clock().toSeconds();
        pausedWorkingSeconds = total.working().toSeconds();
    }

    public boolean open() {
        return state != State.STOPPED;
    }

    public Standing standing() {
        if (breachedAt != null || outcome == Outcome.BREACHED) {
            return Standing.BREACHED;
        }
        if (state == State.STOPPED) {
            return Standing.MET;
        }
        return warnedThreshold == null ? Standing.ON_TRACK : Standing.AT_RISK;
    }

    /** Natural keys: what a clock measures, so a start seen twice finds the clock it made. */
    public static String keyOf(ClockKind kind, UUID callId, UUID taskId, int round) {
        return switch (kind) {
            case DISPATCH, END_TO_END -> kind + ":" + callId;
            case SIGN_FOR, RESOLVE -> kind + ":" + taskId;
            case VERIFY -> kind + ":" + callId + ":" + round;
        };
    }
}
