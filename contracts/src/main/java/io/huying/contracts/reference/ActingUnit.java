package io.huying.contracts.reference;

import java.util.List;
import java.util.Optional;

/**
 * The one unit an account acts for, from the org paths of its groups: its unit when it belongs to exactly
 * one; a grid worker's (网格员), whose groups are grids, the community those grids belong to. Empty when
 * there is no such one unit (none, several, or grids in several communities): the services refuse such an
 * account rather than guess.
 */
public final class ActingUnit {
    private ActingUnit() {
    }

    public static Optional<OrgPath> of(boolean gridWorker, List<OrgPath> groups) {
        List<OrgPath> units = actsThroughGrids(gridWorker, groups) ? groups.stream().map(p -> p.ancestorAt(p.depth() - 1)).distinct().toList() : groups;
        return units.size() == 1 ? Optional.of(units.get(0)) : Optional.empty();
    }

    /** Whether the grid worker's rule applies: a grid worker whose groups all lie below a district. */
    public static boolean actsThroughGrids(boolean gridWorker, List<OrgPath> groups) {
        return gridWorker && !groups.isEmpty() && groups.stream().allMatch(p -> p.depth() > 1);
    }
}
