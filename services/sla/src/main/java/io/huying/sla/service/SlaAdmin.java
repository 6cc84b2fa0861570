package io.huying.sla.service;

import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.problem.Violation;
import io.huying.platform.error.ProblemException;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.security.Caller;
import io.huying.sla.CalendarHistory;
import io.huying.sla.CalendarVersion;
import io.huying.sla.PolicyHistory;
import io.huying.sla.PolicyVersion;
import io.huying.sla.Replacement;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.mapping.SlaEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * 时限标准与工作日历管理 — replacing the SLA policy or a year's calendar: the new version is checked, stored
 * with who stored it and made active (earlier versions are kept), announced on huying.sla in the same
 * transaction, then every open clock is recomputed with it.
 */
@ApplicationScoped
public class SlaAdmin {
    private final SlaRules rules;
    private final ClockRecompute recompute;
    private final SlaEvents events;
    private final Catalogue catalogue;

    public SlaAdmin(SlaRules rules, ClockRecompute recompute, SlaEvents events, Catalogue catalogue) {
        this.rules = rules;
        this.recompute = recompute;
        this.events = events;
        this.catalogue = catalogue;
    }

    @WithSession
    public Uni<PolicyHistory> policies() {
        return PolicyVersion.<PolicyVersion>listAll(Sort.descending("loadedAt").and("version")).map(rows -> new PolicyHistory(
                rows.stream().filter(r -> r.active).findFirst().map(r -> rules.readPolicy(r.document)).orElse(rules.current().policy()),
                rows));
    }

    /**
     * Puts {@code policy} in force, stored by {@code admin}: refused with every fault named (400) before anything is
     * written — a malformed rule, or one naming a category the catalogue does not have — and 409 for a version
     * already stored.
     */
    public Uni<Replacement<SlaPolicy>> replacePolicy(Caller admin, SlaPolicy policy) {
        List<Violation> violations = new ArrayList<>(policy.violations());
        for (int i = 0; i < policy.rules().size(); i++) {
            SlaPolicy.Rule rule = policy.rules().get(i);
            if (rule != null && rule.category() != null && !SlaPolicy.ANY_CATEGORY.equals(rule.category())
                    && catalogue.current().find(rule.category()).isEmpty()) {
                violations.add(new Violation("rules[" + i + "].category", "the catalogue " + catalogue.current().version() + " has no category "
                        + rule.category()));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return Panache.withTransaction(() -> PolicyVersion.findById(policy.version()).chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("version-exists", "policy version " + policy.version()
                                + " is already stored; a changed policy needs a new version");
                    }
                    return rules.activatePolicy(policy, admin.username())
                            .chain(() -> events.announce(List.of(events.policyActivated(policy, admin.actor()))));
                }))
                .chain(() -> recompute.recomputeOpenClocks())
                .map(n -> new Replacement<>(rules.current().policy(), n));
    }

    @WithSession
    public Uni<CalendarHistory> calendars(int year) {
        return CalendarVersion.<CalendarVersion>list("calendarYear", Sort.descending("loadedAt").and("version"), year).map(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("working calendar " + year);
            }
            return new CalendarHistory(year, rows.stream().filter(r -> r.active).findFirst()
                    .map(r -> rules.readCalendar(year, r.document)).orElse(null), rows);
        });
    }

    /** {@code calendar} is checked already (the resource answers a document's violations field by field). */
    public Uni<Replacement<CalendarYear>> replaceCalendar(Caller admin, CalendarYear calendar) {
        int year = calendar.year();
        return Panache.withTransaction(() -> CalendarVersion.count("calendarYear = ?1 and version = ?2", year, calendar.version()).chain(existing -> {
                    if (existing > 0) {
                        throw ProblemException.conflict("version-exists", "calendar " + year + " version " + calendar.version()
                                + " is already stored; a changed calendar needs a new version");
                    }
                    // Announced in the same transaction: notify's working hours follow the SLA engine's calendar.
                    return rules.activateCalendar(calendar, admin.username()).chain(() -> events.announce(List.of(events.calendarActivated(calendar))));
                }))
                .chain(() -> recompute.recomputeOpenClocks())
                .map(n -> new Replacement<>(calendar, n));
    }
}
