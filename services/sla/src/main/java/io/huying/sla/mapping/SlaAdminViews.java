package io.huying.sla.mapping;

import io.huying.contracts.calendar.CalendarYear;
import io.huying.sla.CalendarHistory;
import io.huying.sla.PolicyHistory;
import io.huying.sla.Replacement;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.rest.AdminViews;
import io.huying.sla.rest.CalendarDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SLA policy and the working calendars ↔ what the administrator's endpoints send and answer. */
@ApplicationScoped
public class SlaAdminViews {

    public AdminViews.Policies policies(PolicyHistory history) {
        return new AdminViews.Policies(history.active(),
                history.versions().stream().map(v -> version(v.version, v.active, v.loadedAt, v.changedBy)).toList());
    }

    public AdminViews.PolicyReplaced policyReplaced(Replacement<SlaPolicy> replaced) {
        return new AdminViews.PolicyReplaced(replaced.active(), replaced.recomputedClocks());
    }

    public AdminViews.Calendars calendars(CalendarHistory history) {
        return new AdminViews.Calendars(history.year(), history.active() == null ? null : document(history.active()),
                history.versions().stream().map(v -> version(v.version, v.active, v.loadedAt, v.changedBy)).toList());
    }

    public AdminViews.CalendarReplaced calendarReplaced(Replacement<CalendarYear> replaced) {
        return new AdminViews.CalendarReplaced(document(replaced.active()), replaced.recomputedClocks());
    }

    public CalendarDocument document(CalendarYear y) {
        return new CalendarDocument(y.year(), y.version(), y.source(), y.workingDaysOfWeek(), y.sessions(), y.holidays(), y.makeUpWorkdays());
    }

    /** A document without {@link CalendarDocument#violations} as the calendar it describes. */
    public CalendarYear calendarYear(CalendarDocument d) {
        return new CalendarYear(d.year(), d.version(), d.source(), d.workingDaysOfWeek(), d.sessions(),
                d.holidays() == null ? List.of() : d.holidays(), d.makeUpWorkdays() == null ? List.of() : d.makeUpWorkdays());
    }

    private static AdminViews.Version version(String version, boolean active, Instant loadedAt, String changedBy) {
        return new AdminViews.Version(version, active, loadedAt, changedBy);
    }

    /** The longest detail an audit entry is given. */
    private static final int AUDIT_DETAIL_MAX = 4000;

    /** An audit entry's detail: what was replaced by what, then each change. */
    public static String auditDetail(String head, List<String> changes) {
        String detail = changes.isEmpty() ? head + "; no rule changed" : head + ": " + String.join("; ", changes);
        return detail.length() <= AUDIT_DETAIL_MAX ? detail : detail.substring(0, AUDIT_DETAIL_MAX - 1) + "…";
    }

    /** A calendar as the audit log keeps it: its holidays, make-up workdays and sessions. */
    public static List<String> summary(CalendarDocument d) {
        List<String> lines = new ArrayList<>();
        lines.add("holidays " + (d.holidays() == null ? List.of() : d.holidays().stream()
                .map(h -> h.name() + " " + h.from() + "~" + h.to()).toList()));
        lines.add("makeUpWorkdays " + (d.makeUpWorkdays() == null ? List.of() : d.makeUpWorkdays()));
        lines.add("sessions " + d.sessions().stream().map(w -> w.start() + "-" + w.end()).toList());
        return lines;
    }
}
