package io.huying.sla.domain;

import io.huying.contracts.reference.UnitLevel;
import io.huying.sla.domain.AssessmentScore.Ratio;
import io.huying.sla.domain.AssessmentScore.Weights;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * 考核 — the units' figures of one month: each measure as numerator / denominator, the 三率 score with
 * the weights used, and the rank within the unit's ranking group.
 *
 * @param from  the month's first instant (00:00 Asia/Shanghai on its first day)
 * @param to    the next month's first instant: tasks dispatched in [from, to) count
 * @param units departments first, then sections, each ranking group by rank
 */
public record MonthlyAssessment(YearMonth month, Instant from, Instant to, Weights weights, List<UnitResult> units) {

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
    public record UnitResult(String unitPath, UnitLevel level, String rankingGroup, long tasks, Map<AssessmentMeasure, Ratio> measures,
            BigDecimal score, Integer rank, int rankedUnits) {
    }
}
