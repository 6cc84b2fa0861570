package io.huying.sla.mapping;

import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.reference.OrgUnit;
import io.huying.platform.reference.Organisation;
import io.huying.sla.domain.AssessmentMeasure;
import io.huying.sla.domain.AssessmentScore;
import io.huying.sla.domain.AssessmentScore.Ratio;
import io.huying.sla.domain.AssessmentTrace;
import io.huying.sla.domain.MonthlyAssessment;
import io.huying.sla.domain.TracedTask;
import io.huying.sla.rest.AssessmentView;
import io.huying.sla.rest.AssessmentView.Figure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/** 考核 → views, with the units' names from the org tree. */
@ApplicationScoped
public class AssessmentViews {
    private final Organisation organisation;

    public AssessmentViews(Organisation organisation) {
        this.organisation = organisation;
    }

    public AssessmentView view(MonthlyAssessment a) {
        return new AssessmentView(a.month().toString(), WorkingCalendar.ZONE.getId(), a.from(), a.to(), a.weights(),
                AssessmentScore.THREE_RATES, a.units().stream().map(this::unit).toList());
    }

    public AssessmentView.Trace trace(AssessmentTrace t) {
        return new AssessmentView.Trace(t.month().toString(), t.unitPath(), t.measure(), figure(t.figure()),
                t.items().stream().map(task -> traced(t.measure(), task)).toList(), t.page(), t.size(), t.total(), nameOf(t.unitPath()),
                t.counted());
    }

    private AssessmentView.UnitFigures unit(MonthlyAssessment.UnitResult u) {
        Map<AssessmentMeasure, Figure> measures = new EnumMap<>(AssessmentMeasure.class);
        u.measures().forEach((measure, ratio) -> measures.put(measure, figure(ratio)));
        return new AssessmentView.UnitFigures(u.unitPath(), nameOf(u.unitPath()), u.level(), u.rankingGroup(), u.tasks(), measures,
                u.score(), u.rank(), u.rankedUnits());
    }

    private static Figure figure(Ratio ratio) {
        return new Figure(ratio.numerator(), ratio.denominator(), ratio.rate());
    }

    private static AssessmentView.TracedCall traced(AssessmentMeasure measure, TracedTask r) {
        return new AssessmentView.TracedCall(r.number(), r.callId(), r.taskId(), r.role(), r.dispatchedAt(), r.round(), r.counted(),
                r.title(), r.outcome(measure), r.signForDeadline(), r.signForStoppedAt(), r.signForOutcome(), r.resolveDeadline(),
                r.resolveOutcome(), r.returnedAt(), r.completedAt(), r.withdrawnAt(), r.verificationOutcome(), r.satisfaction(),
                r.answeredAt());
    }

    private String nameOf(String unitPath) {
        return organisation.current().unit(unitPath).map(OrgUnit::name).orElse(null);
    }
}
