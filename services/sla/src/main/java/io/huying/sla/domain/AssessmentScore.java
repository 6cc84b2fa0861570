package io.huying.sla.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * 三率 score and ranking (考核排名), plain arithmetic:
 * <pre>
 * score = 100 × Σ weightᵢ × rateᵢ / Σ weightᵢ    over 响应率, 解决率, 满意率 that have a denominator
 * </pre>
 * rounded half-up to two decimals; with the default weights 30/35/35 and all three rates present it is
 * simply 30 × 响应率 + 35 × 解决率 + 35 × 满意率. A rate without a denominator (nothing to count yet) is
 * left out and the other weights are renormalised, so a unit is neither rewarded nor punished for it;
 * with none, there is no score and no rank.
 */
public final class AssessmentScore {
    /** Which measure each of the 三率 is: response 响应率, resolution 解决率, satisfaction 满意率. */
    public static final Map<String, AssessmentMeasure> THREE_RATES = threeRates();

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The 三率 weights (huying.sla.assessment.weights.*), each ≥ 0, not all 0. */
    public record Weights(int response, int resolution, int satisfaction) {
        public Weights {
            if (response < 0 || resolution < 0 || satisfaction < 0 || response + resolution + satisfaction == 0) {
                throw new IllegalArgumentException("assessment weights must be ≥ 0 and not all 0: " + response + "/" + resolution + "/"
                        + satisfaction);
            }
        }
    }

    /** A count: {@code numerator} of {@code denominator}. */
    public record Ratio(long numerator, long denominator) {
        /** numerator / denominator, or null when there is nothing to count. */
        public Double rate() {
            return denominator == 0 ? null : (double) numerator / denominator;
        }
    }

    private AssessmentScore() {
    }

    /** The score (0–100, two decimals), or null when none of the three rates has a denominator. */
    public static BigDecimal score(Weights weights, Ratio response, Ratio resolution, Ratio satisfaction) {
        BigDecimal weighted = BigDecimal.ZERO;
        long weightSum = 0;
        int[] w = {weights.response(), weights.resolution(), weights.satisfaction()};
        Ratio[] r = {response, resolution, satisfaction};
        for (int i = 0; i < w.length; i++) {
            if (r[i].denominator() > 0) {
                weighted = weighted.add(BigDecimal.valueOf(w[i]).multiply(BigDecimal.valueOf(r[i].numerator()))
                        .divide(BigDecimal.valueOf(r[i].denominator()), MathContext.DECIMAL128));
                weightSum += w[i];
            }
        }
        if (weightSum == 0) {
            return null;
        }
        return weighted.multiply(HUNDRED).divide(BigDecimal.valueOf(weightSum), 2, RoundingMode.HALF_UP);
    }

    /**
     * Ranks by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4).
     * Units without a score get none.
     */
    public static <K> Map<K, Integer> ranks(Map<K, BigDecimal> scores) {
        List<BigDecimal> present = scores.values().stream().filter(Objects::nonNull).toList();
        Map<K, Integer> ranks = new HashMap<>();
        scores.forEach((unit, score) -> {
            if (score != null) {
                ranks.put(unit, 1 + (int) present.stream().filter(other -> other.compareTo(score) > 0).count());
            }
        });
        return ranks;
    }

    private static Map<String, AssessmentMeasure> threeRates() {
        Map<String, AssessmentMeasure> rates = new LinkedHashMap<>();
        rates.put("response", AssessmentMeasure.SIGN_FOR_ON_TIME);
        rates.put("resolution", AssessmentMeasure.RESOLVED);
        rates.put("satisfaction", AssessmentMeasure.SATISFIED);
        return Collections.unmodifiableMap(rates);
    }
}
