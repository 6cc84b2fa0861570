package io.huying.contracts.events;

import io.huying.contracts.reference.OrgUnit;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.intake.org-tree-changed.v1}: 组织架构变更 — an administrator put revision {@code revision}
 * ({@code version}) of the org tree in force: units and grids added or renamed. The whole tree is carried, so every
 * service takes it without a restart; on the compacted topic huying.reference the latest stays for a service that
 * starts later.
 */
public record OrgTreeChanged(
        int revision,
        String version,
        List<OrgUnit> units,
        String note,
        Actor changedBy,
        Instant changedAt) {

    /** The CloudEvent subject and Kafka key of every change: the org tree, not a call (compaction keeps the latest). */
    public static final UUID SUBJECT = UUID.fromString("00000000-0000-4000-8000-00000000097e");
}
