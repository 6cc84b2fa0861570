package io.huying.sla.service;

import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.problem.Violation;
import io.huying.platform.error.ProblemException;
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
import java.util.List;

/**
 * 时限标准与工作日历管理 — replacing the SLA policy or a year's calendar: the new version is stored and
 * made active (earlier versions are kept), then every open clock is recomputed with it.
 */
@ApplicationScoped
public class SlaAdmin {
    private final SlaRules rules;
    private final ClockRecompute recompute;
    private final SlaEvents events;

    public SlaAdmin(SlaRules rules, ClockRecompute recompute, SlaEvents events) {
        this.rules = rules;
        this.recompute = recompute;
        this.events = events;
    }

    @WithSession
    public Uni<PolicyHistory> policies() {
        return PolicyVersion.<PolicyVersion>listAll(Sort.descending("loadedAt").and("version")).map(rows -> new PolicyHistory(
                rows.stream().filter(r -> r.active).findFirst().map(r -> rules.readPolicy(r.document)).orElse(rules.current().policy()),
                rows));
    }

    public Uni<Replacement<SlaPolicy>> replacePolicy(SlaPolicy policy) {
        List<Violation> violations = policy.violations();
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return Panache.withTransaction(() -> PolicyVersion.findById(policy.version()).chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("version-exists", "policy version " + policy.version()
                                + " is already stored; a changed policy needs a new version");
                    }
                    return rules.activatePolicy(policy);
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
    public Uni<Replacement<CalendarYear>> replaceCalendar(CalendarYear calendar) {
        int year = calendar.year();
        return Panache.withTransaction(() -> CalendarVersion.count("calendarYear = ?1 and version = ?2", year, calendar.version()).chain(existing -> {
                    if (existing > 0) {
                        throw ProblemException.conflict("version-exists", "calendar " + year + " version " + calendar.version()
                                + " is already stored; a changed calendar needs a new version");
                    }
                    // Announced in the same transaction: notify's working hours follow the SLA engine's calendar.
                    return rules.activateCalendar(calendar).chain(() -> events.announce(List.of(events.calendarActivated(calendar))));
                }))
                .chain(() -> recompute.recomputeOpenClocks())
                .map(n -> new Replacement<>(calendar, n));
    }
}
