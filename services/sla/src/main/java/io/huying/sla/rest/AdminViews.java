package io.huying.sla.rest;

import io.huying.sla.domain.SlaPolicy;
import java.time.Instant;
import java.util.List;

/** What the administrator's SLA endpoints answer. */
public final class AdminViews {
    private AdminViews() {
    }

    /** One stored version of a policy or calendar; {@code changedBy} null for a version shipped with a build. */
    public record Version(String version, boolean active, Instant loadedAt, String changedBy) {
    }

    /** The active policy and every stored version, newest first. */
    public record Policies(SlaPolicy active, List<Version> versions) {
    }

    /** A year's active calendar and its stored versions, newest first. */
    public record Calendars(int year, CalendarDocument active, List<Version> versions) {
    }

    /** After a replacement: what is active now, and how many open clocks were recomputed. */
    public record PolicyReplaced(SlaPolicy policy, int recomputedClocks) {
    }

    public record CalendarReplaced(CalendarDocument calendar, int recomputedClocks) {
    }
}
