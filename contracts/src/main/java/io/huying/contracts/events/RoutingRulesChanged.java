package io.huying.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.dispatch.routing-rules-changed.v1}: 派单规则变更 — an administrator put revision
 * {@code revision} ({@code version}) of the routing rules in force; the whole rule set is carried, so every
 * instance of dispatch applies it without a restart, and any other reader learns the rules calls go by.
 */
public record RoutingRulesChanged(
        int revision,
        String version,
        List<Rule> rules,
        String note,
        Actor changedBy,
        Instant changedAt) {

    /** The CloudEvent subject and Kafka key of every change: the routing rules, not a call, so changes keep their order. */
    public static final UUID SUBJECT = UUID.fromString("00000000-0000-4000-8000-0000000a0de5");

    /** One rule: category codes or groups × area × raiser level → lead (主办) and assisting (协办) units; lower priority first. */
    public record Rule(String id, String area, String raisedBy, List<String> categories, String lead, List<String> assisting, int priority) {
    }
}
