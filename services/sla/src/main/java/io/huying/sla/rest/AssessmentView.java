package io.huying.sla.rest;

import io.huying.contracts.reference.UnitLevel;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.domain.AssessmentScore;
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

    /**
     * The tasks (or, for SATISFIED and RESOLVED, the answered verifications) behind one figure.
     *
     * @param unitName the unit's name in the org tree
     * @param counted  the part listed: true the numerator's rows, false the rest of the denominator, null all of it;
     *                 {@code total} counts the rows of that part
     */
    public record Trace(String month, String unitPath, AssessmentMeasure measure, Figure figure, List<TracedCall> items, int page,
            int size, long total, String unitName, Boolean counted) {
    }

    /**
     * One row of a figure's denominator: the task, its times and what became of it.
     *
     * @param round               the verification round, for SATISFIED and RESOLVED
     * @param counted             whether it counts in the numerator too
     * @param title               the task's title (标题); null for tasks dispatched before titles were recorded
     * @param outcome             for the measures over tasks what became of the task (OPEN, COMPLETED 办结, RETURNED 退回,
     *                            WITHDRAWN 撤回), for SATISFIED and RESOLVED the verdict (CLOSED 结案, REOPENED 返工)
     * @param signForStoppedAt    when the SIGN_FOR clock stopped: 签收, or 退回 / 撤回 before signing for
     * @param signForOutcome      MET or BREACHED once the SIGN_FOR clock stopped, else null
     * @param resolveOutcome      MET or BREACHED once the RESOLVE clock stopped, else null
     * @param verificationOutcome CLOSED, REOPENED or AUTO_CLOSED, for SATISFIED and RESOLVED
     * @param satisfaction        SATISFIED 满意, BASICALLY_SATISFIED 基本满意 or DISSATISFIED 不满意, for SATISFIED and RESOLVED
     */
    public record TracedCall(String number, UUID callId, UUID taskId, String role, Instant dispatchedAt, Integer round, boolean counted,
            String title, String outcome, Instant signForDeadline, Instant signForStoppedAt, String signForOutcome, Instant resolveDeadline,
            String resolveOutcome, Instant returnedAt, Instant completedAt, Instant withdrawnAt, String verificationOutcome,
            String satisfaction, Instant answeredAt) {
    }
}
