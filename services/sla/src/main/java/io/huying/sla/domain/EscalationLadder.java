package io.huying.sla.domain;

import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * 催办 → 督办 → 通报 — the escalation ladder, and the timers a running clock needs:
 * <ul>
 *   <li>each warning (预警) at its threshold; with the warning at {@code urgeThreshold} per cent, 催办
 *       (URGE) to the handling unit;</li>
 *   <li>the breach (超时) at the deadline, with 督办 (SUPERVISE) to the unit (its head) and to the
 *       dispatchers' unit — the street for a street section or community, the district for a district
 *       department;</li>
 *   <li>when the clock still runs {@code notifyAfter} after the deadline, 通报 (NOTIFY) one level above
 *       the dispatchers' unit (street → district; a district stays the district).</li>
 * </ul>
 * Escalations of a clock that is not 特急 wait for office hours; 特急 ones go out at once. Pure.
 */
public final class EscalationLadder {
    /** The org tree in force, read at each step (an administrator may add units meanwhile). */
    private final Supplier<OrgTree> orgTree;
    private final int urgeThreshold;
    private final SlaDuration notifyAfter;
    private final Set<ClockKind> clocks;

    public EscalationLadder(Supplier<OrgTree> orgTree, int urgeThreshold, SlaDuration notifyAfter, Set<ClockKind> clocks) {
        this.orgTree = orgTree;
        this.urgeThreshold = urgeThreshold;
        this.notifyAfter = notifyAfter;
        this.clocks = Set.copyOf(clocks);
    }

    /** The timers of a running clock with this schedule; none that is already due is left out. */
    public List<PlannedTimer> plan(ClockKind clock, Urgency urgency, String unitPath, ClockSchedule schedule, Deadlines deadlines) {
        List<PlannedTimer> timers = new ArrayList<>();
        boolean escalates = clocks.contains(clock);
        for (ClockSchedule.Warning warning : schedule.warnings()) {
            timers.add(PlannedTimer.warning(warning.threshold(), warning.at()));
            if (escalates && warning.threshold() == urgeThreshold) {
                timers.add(PlannedTimer.escalation(Level.URGE, unitPath, due(warning.at(), urgency, deadlines)));
            }
        }
        timers.add(PlannedTimer.breach(schedule.deadline()));
        if (escalates) {
            Instant supervise = due(schedule.deadline(), urgency, deadlines);
            String dispatchers = dispatchersUnit(unitPath);
            timers.add(PlannedTimer.escalation(Level.SUPERVISE, unitPath, supervise));
            if (!dispatchers.equals(unitPath)) {
                timers.add(PlannedTimer.escalation(Level.SUPERVISE, dispatchers, supervise));
            }
            timers.add(PlannedTimer.escalation(Level.NOTIFY, levelAbove(dispatchers),
                    due(deadlines.after(schedule.deadline(), notifyAfter), urgency, deadlines)));
        }
        return timers;
    }

    /**
     * The unit whose dispatchers answer for {@code unitPath}: its street (镇街) when it lies in one (street
     * sections, communities, the street itself), else its district (district departments).
     */
    public String dispatchersUnit(String unitPath) {
        return orgTree.get().streetOf(unitPath).map(OrgUnit::path).orElseGet(() -> district(unitPath));
    }

    /** One level up from a dispatchers' unit: a street's district; a district stays itself. */
    public String levelAbove(String dispatchersUnit) {
        return district(dispatchersUnit);
    }

    private static String district(String path) {
        return OrgPath.of(path).ancestorAt(1).value();
    }

    private static Instant due(Instant at, Urgency urgency, Deadlines deadlines) {
        return urgency == Urgency.CRITICAL ? at : deadlines.nextWorkingTime(at);
    }
}
