package io.huying.sla.service;

import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.reference.OrgPath;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.platform.error.ProblemException;
import io.huying.platform.reference.Organisation;
import io.huying.sla.config.SlaConfig;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.domain.AssessmentScore;
import io.huying.sla.domain.AssessmentScore.Ratio;
import io.huying.sla.domain.AssessmentTrace;
import io.huying.sla.domain.MonthlyAssessment;
import io.huying.sla.domain.MonthlyAssessment.UnitResult;
import io.huying.sla.repository.AssessmentFacts;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * 考核 — assessment per handling unit and month (DESIGN §5). The measures are defined in
 * {@link AssessmentMeasure}; the score and ranking in {@link AssessmentScore}:
 * <ul>
 * <li>Period: a calendar month in Asia/Shanghai; a task counts in the month it was dispatched.</li>
 * <li>Units: the handling units of the tasks (department or section), plus every district department
 * and street section of the org tree, so a unit given nothing that month is listed, without a score.</li>
 * <li>三率: 响应率 = {@link AssessmentMeasure#SIGN_FOR_ON_TIME}, 解决率 = {@link AssessmentMeasure#RESOLVED},
 * 满意率 = {@link AssessmentMeasure#SATISFIED}, weighted by {@code huying.sla.assessment.weights.*}.</li>
 * <li>Ranking: by score, highest first, among the units of the same level and parent: the district's
 * departments (e.g. /baiyun/departments/…) are ranked together, and each street's sections
 * (e.g. /baiyun/jinsha/sections/…) among themselves. Ties share a rank. A rank is the unit's place in
 * its whole group, whoever asks: the caller's scope and filters choose which units are shown, not how
 * they rank.</li>
 * </ul>
 * An ops user sees the units at or below their own unit; an administrator sees all.
 */
@ApplicationScoped
public class Assessments {
    private final AssessmentFacts facts;
    private final Organisation organisation;
    private final AssessmentScore.Weights weights;
    private final Clock clock;

    public Assessments(AssessmentFacts facts, Organisation organisation, SlaConfig config, Clock clock) {
        this.facts = facts;
        this.organisation = organisation;
        SlaConfig.Assessment.Weights w = config.assessment().weights();
        this.weights = new AssessmentScore.Weights(w.response(), w.resolution(), w.satisfaction());
        this.clock = clock;
    }

    /** This month in Asia/Shanghai: the default period. */
    public YearMonth currentMonth() {
        return YearMonth.from(clock.instant().atZone(WorkingCalendar.ZONE));
    }

    /** 00:00 Asia/Shanghai on the month's first day. */
    public static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
    }

    /**
     * The figures of {@code month} for the units within {@code scope} (null: all), at or below
     * {@code unit} (null: any) and of {@code level} (null: any); departments first, then sections, each
     * group by rank.
     */
    @WithSession
    public Uni<MonthlyAssessment> figures(YearMonth month, OrgPath scope, UnitLevel level, OrgPath unit) {
        Instant from = startOf(month);
        Instant to = startOf(month.plusMonths(1));
        return facts.counts(from, to).map(counts -> {
            Map<String, AssessmentFacts.UnitCounts> byUnit = new TreeMap<>();
            counts.forEach(c -> byUnit.put(c.unitPath(), c));
            for (OrgUnit u : organisation.current().units()) {
                if (u.level() == UnitLevel.DEPARTMENT || u.level() == UnitLevel.SECTION) {
                    byUnit.putIfAbsent(u.path(), new AssessmentFacts.UnitCounts(u.path(), 0,
                            new long[AssessmentMeasure.values().length][2]));
                }
            }
            Map<String, Map<String, BigDecimal>> scoresByGroup = new HashMap<>();
            Map<String, BigDecimal> scores = new HashMap<>();
            for (AssessmentFacts.UnitCounts c : byUnit.values()) {
                BigDecimal score = AssessmentScore.score(weights, ratio(c, AssessmentMeasure.SIGN_FOR_ON_TIME), ratio(c, AssessmentMeasure.RESOLVED),
                        ratio(c, AssessmentMeasure.SATISFIED));
                scores.put(c.unitPath(), score);
                rankingGroup(c.unitPath()).ifPresent(g -> scoresByGroup.computeIfAbsent(g, k -> new HashMap<>()).put(c.unitPath(), score));
            }
            Map<String, Integer> ranks = new HashMap<>();
            Map<String, Integer> ranked = new HashMap<>();
            scoresByGroup.forEach((group, groupScores) -> {
                ranks.putAll(AssessmentScore.ranks(groupScores));
                ranked.put(group, (int) groupScores.values().stream().filter(Objects::nonNull).count());
            });
            List<UnitResult> units = new ArrayList<>();
            for (AssessmentFacts.UnitCounts c : byUnit.values()) {
                String path = c.unitPath();
                UnitLevel unitLevel = levelOf(path).orElse(null);
                if ((scope != null && !scope.covers(path)) || (unit != null && !unit.covers(path)) || (level != null && level != unitLevel)) {
                    continue;
                }
                Map<AssessmentMeasure, Ratio> measures = new EnumMap<>(AssessmentMeasure.class);
                for (AssessmentMeasure m : AssessmentMeasure.values()) {
                    measures.put(m, ratio(c, m));
                }
                String group = rankingGroup(path).orElse(null);
                units.add(new UnitResult(path, unitLevel, group, c.tasks(), measures, scores.get(path), ranks.get(path),
                        group == null ? 0 : ranked.getOrDefault(group, 0)));
            }
            units.sort(Comparator.comparing((UnitResult u) -> u.level() == null ? Integer.MAX_VALUE : u.level().ordinal())
                    .thenComparing(u -> u.rankingGroup() == null ? "" : u.rankingGroup())
                    .thenComparing(u -> u.rank() == null ? Integer.MAX_VALUE : u.rank())
                    .thenComparing(UnitResult::unitPath));
            return new MonthlyAssessment(month, from, to, weights, units);
        });
    }

    /**
     * The tasks (or answered verifications) behind {@code unit}'s figure for {@code measure} in
     * {@code month}, oldest task first, each marked whether it counts in the numerator. A unit outside
     * {@code scope} is 403: the org tree is public, the figures are not.
     */
    @WithSession
    public Uni<AssessmentTrace> trace(YearMonth month, OrgPath scope, OrgPath unit, AssessmentMeasure measure, int page, int size) {
        return trace(month, scope, unit, measure, null, page, size);
    }

    /**
     * As {@link #trace(YearMonth, OrgPath, OrgPath, AssessmentMeasure, int, int)}, listing only the numerator's rows
     * ({@code counted} true), only the rest of the denominator (false), or all (null).
     */
    @WithSession
    public Uni<AssessmentTrace> trace(YearMonth month, OrgPath scope, OrgPath unit, AssessmentMeasure measure, Boolean counted,
            int page, int size) {
        if (scope != null && !scope.covers(unit)) {
            return Uni.createFrom().failure(ProblemException.forbidden("unit " + unit + " is not at or below your unit " + scope));
        }
        Instant from = startOf(month);
        Instant to = startOf(month.plusMonths(1));
        return facts.count(from, to, unit.value(), measure).chain(count -> facts.traced(from, to, unit.value(), measure, counted,
                        page * size, size)
                .map(rows -> new AssessmentTrace(month, unit.value(), measure, new Ratio(count[1], count[0]), rows, page, size,
                        counted == null ? count[0] : counted ? count[1] : count[0] - count[1], counted)));
    }

    private static Ratio ratio(AssessmentFacts.UnitCounts c, AssessmentMeasure m) {
        long[] dn = c.byMeasure()[m.ordinal()];
        return new Ratio(dn[1], dn[0]);
    }

    /** DEPARTMENT or SECTION, from the org tree; empty for other levels and unknown paths. */
    private Optional<UnitLevel> levelOf(String path) {
        return organisation.current().unit(path).map(OrgUnit::level).filter(l -> l == UnitLevel.DEPARTMENT || l == UnitLevel.SECTION);
    }

    /** The units a unit is ranked among, named by their parent: its district for a department, its street for a section. */
    private Optional<String> rankingGroup(String path) {
        return levelOf(path).flatMap(level -> ancestor(path, level == UnitLevel.DEPARTMENT ? UnitLevel.DISTRICT : UnitLevel.STREET))
                .map(OrgUnit::path);
    }

    private Optional<OrgUnit> ancestor(String path, UnitLevel level) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            Optional<OrgUnit> u = organisation.current().unit(path.substring(0, slash)).filter(a -> a.level() == level);
            if (u.isPresent()) {
                return u;
            }
        }
        return Optional.empty();
    }
}
