package io.huying.sla.rest;

import io.huying.contracts.reference.UnitLevel;
import io.huying.sla.service.AssessmentMeasure;
import io.huying.sla.service.AssessmentScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * 考核 — the units' figures of one month: each measure as numerator / denominator = rate, the 三率
 * score with the weights used, and the rank within the unit's ranking group.
 *
 * @param from       the month's first instant (00:00 Asia/Shanghai on its first day)
 * @param to         the next month's first instant: tasks dispatched in [from, to) count
 * @param threeRates which measure each of the 三率 is: response 响应率, resolution 解决率, satisfaction 满意率
 */
public record AssessmentView(String month, String timeZone, Instant from, Instant to, AssessmentScore.Weights weights,
        Map<String, AssessmentMeasure> threeRates, List<UnitFigures> units) {

    /** A measure's figure: rate = numerator / denominator, null when the denominator is 0. */
    public record Figure(long numerator, long denominator, Double rate) {
        public static Figure of(AssessmentScore.Ratio ratio) {
            return new Figure(ratio.numerator(), ratio.denominator(), ratio.rate());
        }
    }

    /**
     * One unit's month.
     *
     * @param level        DEPARTMENT (区直部门) or SECTION (街道科室); null for a unit outside the org tree
     * @param rankingGroup the units it is ranked among: the district's departments, or its street's sections
     * @param tasks        tasks dispatched to it in the month
     * @param score        the 三率 score, 0–100, null when none of the three rates has a denominator
     * @param rank         its place by score in its ranking group (ties share a place), null without a score
     * @param rankedUnits  how many units of its ranking group have a score
     */
    public record UnitFigures(String unitPath, String name, UnitLevel level, String rankingGroup, long tasks,
            Map<AssessmentMeasure, Figure> measures, BigDecimal score, Integer rank, int rankedUnits) {
    }

    /** The tasks (or, for SATISFIED and RESOLVED, the answered verifications) behind one figure. */
    public record Trace(String month, String unitPath, AssessmentMeasure measure, Figure figure, List<TracedCall> items, int page,
            int size, long total) {
    }

    /**
     * One row of a figure's denominator.
     *
     * @param round   the verification round, for SATISFIED and RESOLVED
     * @param counted whether it counts in the numerator too
     */
    public record TracedCall(String number, UUID callId, UUID taskId, String role, Instant dispatchedAt, Integer round, boolean counted) {
    }
}
