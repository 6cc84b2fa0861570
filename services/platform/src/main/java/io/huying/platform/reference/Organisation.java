package io.huying.platform.reference;

import io.huying.contracts.EventTypes;
import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.reference.OrgTree;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * 组织架构 in force in this instance: the org tree, grids included (see {@link HeldReference}). A service reads
 * {@link #current()} at each use, never a copy kept from its start: an administrator may add units at any time.
 */
@ApplicationScoped
public class Organisation extends HeldReference<OrgTree, OrgTreeChanged> {

    public Organisation() {
        super(OrgTree.load(), EventTypes.ORG_TREE_CHANGED, OrgTreeChanged.class);
    }

    /** An announced version (huying.intake.org-tree-changed.v1). */
    @Override
    public void announced(OrgTreeChanged changed) {
        take(new Version<>(changed.revision(), changed.changedAt(), OrgTree.of(changed.version(), changed.units())));
    }

    @Override
    protected String describe(OrgTree tree) {
        return "org tree of " + tree.units().size() + " units";
    }

    @Override
    public String label(OrgTree tree) {
        return tree.version();
    }
}
