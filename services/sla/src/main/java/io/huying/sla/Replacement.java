package io.huying.sla;

/** After an administrator replaced the policy or a calendar: what is active now, and how many open clocks were recomputed. */
public record Replacement<T>(T active, int recomputedClocks) {
}
