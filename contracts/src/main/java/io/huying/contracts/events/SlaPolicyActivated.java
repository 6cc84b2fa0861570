package io.huying.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.sla.policy-activated.v1}: 时限标准生效 — an administrator put version {@code version} of
 * the SLA policy in force; the SLA engine has recomputed its open clocks on it. The whole policy is carried
 * (each rule's duration as the clock-started event writes it, e.g. {@code 5 WORKING_DAYS}), so any reader
 * knows the terms calls are held to from {@code at} on.
 */
public record SlaPolicyActivated(
        String version,
        String description,
        List<Integer> defaultWarnings,
        String returnWindow,
        List<Rule> rules,
        Actor changedBy,
        Instant at) {

    /** The CloudEvent subject and Kafka key of every activation: the policy, not a call, so activations keep their order. */
    public static final UUID SUBJECT = UUID.fromString("00000000-0000-4000-8000-00000000511a");

    /** One line: a category code or {@code *} × urgency × clock → duration; warnings null: the policy's default thresholds. */
    public record Rule(String category, String urgency, String clock, String duration, List<Integer> warnings) {
    }
}
