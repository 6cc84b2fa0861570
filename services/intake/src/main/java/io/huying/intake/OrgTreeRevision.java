package io.huying.intake;

import io.huying.contracts.reference.OrgTree;
import java.time.Instant;

/**
 * A version of the org tree (组织架构): its revision, the tree, who put it in force, when and why (the shipped
 * revision 1 in force as a service's baseline: nobody, never).
 */
public record OrgTreeRevision(int revision, OrgTree tree, String note, String changedBy, Instant changedAt) {
}
