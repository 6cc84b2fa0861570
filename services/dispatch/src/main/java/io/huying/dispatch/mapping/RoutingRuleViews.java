package io.huying.dispatch.mapping;

import io.huying.contracts.reference.OrgUnit;
import io.huying.dispatch.rest.RoutingRulesRequest;
import io.huying.dispatch.rest.RoutingRulesView;
import io.huying.dispatch.service.RoutingRuleBook;
import io.huying.dispatch.service.RoutingRules;
import io.huying.dispatch.service.RoutingRules.RaiserLevel;
import io.huying.platform.reference.Organisation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The routing rules' requests into rules, and versions into views. */
@ApplicationScoped
public class RoutingRuleViews {
    private final Organisation organisation;

    public RoutingRuleViews(Organisation organisation) {
        this.organisation = organisation;
    }

    public static List<RoutingRules.Rule> rules(RoutingRulesRequest request) {
        return request.rules().stream().map(r -> new RoutingRules.Rule(r.id(), r.area(), RaiserLevel.valueOf(r.raisedBy().name()),
                List.copyOf(r.categories()), r.lead(), r.assisting() == null ? List.of() : List.copyOf(r.assisting()), r.priority())).toList();
    }

    public RoutingRulesView view(RoutingRuleBook.InForce v) {
        return new RoutingRulesView(v.revision(), v.rules().version(), v.note(), v.changedBy(), v.changedAt(),
                v.rules().rules().stream().map(r -> new RoutingRulesView.RuleView(r.id(), r.area(), name(r.area()),
                        r.raisedBy() == null ? null : r.raisedBy().name(), r.categories(), r.lead(), name(r.lead()), r.assistingOrEmpty(),
                        r.priority())).toList());
    }

    private String name(String path) {
        return path == null ? null : organisation.current().unit(path).map(OrgUnit::name).orElse(path);
    }
}
