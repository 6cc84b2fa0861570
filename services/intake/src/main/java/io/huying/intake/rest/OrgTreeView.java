package io.huying.intake.rest;

import java.time.Instant;
import java.util.List;

/**
 * A version of the org tree: its revision and label, why, who put it in force and when (the shipped revision 1:
 * the file, at the first start), and every unit, parents before their children.
 */
public record OrgTreeView(int revision, String version, String note, String changedBy, Instant changedAt, List<OrgUnitView> units) {
}
