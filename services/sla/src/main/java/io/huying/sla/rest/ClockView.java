package io.huying.sla.rest;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaClockStopped.Outcome;
import io.huying.contracts.events.SlaEscalated;
import io.huying.sla.SlaClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A clock as the ops views show it: {@code status} its lifecycle, {@code standing} where it stands against its deadline;
 * {@code calendarProvisional} when its span reaches a year whose holiday notice is not loaded (a {@code .provisional}
 * part in {@code calendarVersion}): its deadline may move when that notice is loaded. {@code unitName}, {@code escalation}
 * and {@code escalatedAt} come from the org tree and the clock's fired escalation timers.
 *
 * @param unitName    the handling unit's name in the org tree (null when not in it)
 * @param escalation  the highest rung fired for the clock (URGE 催办, SUPERVISE 督办, NOTIFY 通报), null when none
 * @param escalatedAt when the latest escalation of the clock fired
 */
public record ClockView(UUID clockId, UUID callId, String number, UUID taskId, ClockKind clock, int round, String unitPath,
        String streetPath, String categoryCode, Urgency urgency, SlaClock.State status, SlaClock.Standing standing, Instant startedAt,
        String duration, Instant deadline, List<Instant> warningsAt, Integer warnedThreshold, Instant breachedAt,
        Instant extendedDeadline, Instant pausedAt, long pausedSeconds, long pausedWorkingSeconds, Instant stoppedAt,
        String stopReason, Outcome outcome, String policyVersion, String calendarVersion, boolean calendarProvisional, String unitName,
        SlaEscalated.Level escalation, Instant escalatedAt) {

    /** One page of clocks. */
    public record Page(List<ClockView> items, int page, int size, long total) {
    }
}
