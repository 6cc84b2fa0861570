package io.huying.sla.domain;

import io.huying.contracts.events.SlaEscalated.Level;
import java.time.Instant;

/**
 * A timer a running clock needs (a row of {@code sla_timer}). {@code step} names it within its clock
 * (e.g. {@code WARNING:75}, {@code BREACH}, {@code SUPERVISE:/baiyun/jinsha}); a step that has fired
 * is never planned again, so every warning, breach and escalation is announced once.
 */
public record PlannedTimer(String step, Kind kind, Integer threshold, Level level, String notifiedUnit, Instant dueAt) {

    public enum Kind {
        /** 预警 at a threshold. */
        WARNING,
        /** 超时 at the deadline. */
        BREACH,
        /** 催办 / 督办 / 通报 to a unit. */
        ESCALATION
    }

    public static PlannedTimer warning(int threshold, Instant dueAt) {
        return new PlannedTimer("WARNING:" + threshold, Kind.WARNING, threshold, null, null, dueAt);
    }

    public static PlannedTimer breach(Instant dueAt) {
        return new PlannedTimer("BREACH", Kind.BREACH, null, null, null, dueAt);
    }

    public static PlannedTimer escalation(Level level, String notifiedUnit, Instant dueAt) {
        return new PlannedTimer(level + ":" + notifiedUnit, Kind.ESCALATION, null, level, notifiedUnit, dueAt);
    }
}
