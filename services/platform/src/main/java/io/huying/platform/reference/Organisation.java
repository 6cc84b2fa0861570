package io.huying.platform.reference;

import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.reference.OrgTree;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 组织架构 in force in this instance: the org tree, grids included. It starts as the tree shipped with the build
 * (revision 1); intake, which owns it, takes each version stored in its database; every other service takes each
 * version announced on huying.reference ({@link ReferenceFeed}). A version replaces the one held only if it was put
 * in force later, as {@link Catalogue}'s do.
 */
@ApplicationScoped
public class Organisation {
    /** A version: its revision, when it was put in force (the shipped one: never), and the tree. */
    public record InForce(int revision, Instant changedAt, OrgTree tree) {
        boolean isLaterThan(InForce other) {
            int byTime = changedAt.compareTo(other.changedAt);
            return byTime > 0 || byTime == 0 && revision > other.revision;
        }
    }

    private final AtomicReference<InForce> current = new AtomicReference<>(new InForce(1, Instant.EPOCH, OrgTree.load()));

    /** The org tree in force. */
    public OrgTree current() {
        return current.get().tree();
    }

    public InForce inForce() {
        return current.get();
    }

    /** Takes {@code next} if it was put in force later than the version held; true when it did. */
    public boolean take(InForce next) {
        InForce was = current.getAndUpdate(held -> next.isLaterThan(held) ? next : held);
        boolean taken = next.isLaterThan(was);
        if (taken) {
            Log.infof("org tree in force: revision %d (%s), %d units", next.revision(), next.tree().version(), next.tree().units().size());
        }
        return taken;
    }

    /** An announced version (huying.intake.org-tree-changed.v1). */
    public boolean take(OrgTreeChanged changed) {
        return take(new InForce(changed.revision(), changed.changedAt(), OrgTree.of(changed.version(), changed.units())));
    }
}
