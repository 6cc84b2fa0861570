package io.huying.sla.domain;

import io.huying.sla.domain.AssessmentScore.Ratio;
import java.time.YearMonth;
import java.util.List;

/**
 * The tasks (or, for SATISFIED and RESOLVED, the answered verifications) behind one unit's figure.
 *
 * @param counted the part listed: true the numerator's rows, false the rest of the denominator, null all of it;
 *                {@code total} counts the rows of that part
 */
public record AssessmentTrace(YearMonth month, String unitPath, AssessmentMeasure measure, Ratio figure, List<TracedTask> items, int page,
        int size, long total, Boolean counted) {
}
