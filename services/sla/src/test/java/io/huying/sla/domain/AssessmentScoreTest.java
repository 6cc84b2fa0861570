package io.huying.sla.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.huying.sla.domain.AssessmentScore.Ratio;
import io.huying.sla.domain.AssessmentScore.Weights;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 三率 score and the ranking, without Quarkus. */
class AssessmentScoreTest {
    private static final Weights DEFAULT = new Weights(30, 35, 35);
    private static final Ratio NONE = new Ratio(0, 0);

    @Test
    void withAllThreeRatesTheScoreIsTheWeightedSumRoundedToTwoDecimals() {
        // 30 × 5/7 + 35 × 1/2 + 35 × 1/2 = 21.428… + 17.5 + 17.5
        assertThat(AssessmentScore.score(DEFAULT, new Ratio(5, 7), new Ratio(1, 2), new Ratio(1, 2))).isEqualByComparingTo("56.43");
        assertThat(AssessmentScore.score(DEFAULT, new Ratio(2, 2), new Ratio(2, 2), new Ratio(2, 2))).isEqualByComparingTo("100");
        assertThat(AssessmentScore.score(DEFAULT, new Ratio(0, 3), new Ratio(0, 1), new Ratio(0, 4))).isEqualByComparingTo("0");
    }

    @Test
    void aRateWithoutADenominatorIsLeftOutAndTheOtherWeightsRenormalised() {
        // only 响应率 1/1: 30 × 1 / 30
        assertThat(AssessmentScore.score(DEFAULT, new Ratio(1, 1), NONE, NONE)).isEqualByComparingTo("100");
        // 响应率 1/2 and 满意率 1/1: (30 × 0.5 + 35 × 1) / 65 = 76.923…
        assertThat(AssessmentScore.score(DEFAULT, new Ratio(1, 2), NONE, new Ratio(1, 1))).isEqualByComparingTo("76.92");
        assertThat(AssessmentScore.score(DEFAULT, NONE, NONE, NONE)).isNull();
    }

    @Test
    void otherWeightsChangeTheScore() {
        assertThat(AssessmentScore.score(new Weights(50, 25, 25), new Ratio(1, 2), new Ratio(1, 1), new Ratio(0, 1)))
                .isEqualByComparingTo("50");
        assertThat(AssessmentScore.score(new Weights(0, 1, 0), new Ratio(1, 2), new Ratio(1, 4), new Ratio(0, 1)))
                .isEqualByComparingTo("25");
    }

    @Test
    void weightsMustBeNonNegativeAndNotAllZero() {
        assertThatThrownBy(() -> new Weights(-1, 50, 51)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weights(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalScoresShareARankTheNextSkipsAndUnitsWithoutAScoreGetNone() {
        Map<String, BigDecimal> scores = new LinkedHashMap<>();
        scores.put("a", new BigDecimal("82.50"));
        scores.put("b", new BigDecimal("56.43"));
        scores.put("c", new BigDecimal("82.5"));
        scores.put("d", new BigDecimal("10"));
        scores.put("e", null);

        assertThat(AssessmentScore.ranks(scores)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "c", 1, "b", 3, "d", 4));
    }

    @Test
    void aRateIsNullWithoutADenominator() {
        assertThat(new Ratio(0, 0).rate()).isNull();
        assertThat(new Ratio(1, 8).rate()).isEqualTo(0.125);
    }
}
