package io.huying.notify.service;

import io.huying.notify.config.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Working hours as the same sessions on the same days every week (by default Monday to Friday,
 * 08:30–12:00 and 13:30–17:30, Asia/Shanghai). It knows no holidays and no 调休 make-up days.
 */
@ApplicationScoped
public class WeeklyWorkingHours implements WorkingTime {
    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final List<Session> sessions;

    record Session(LocalTime start, LocalTime end) {
    }

    @Inject
    public WeeklyWorkingHours(NotifyConfig config) {
        this(config.workingHours().zone(), config.workingHours().days(), config.workingHours().sessions());
    }

    WeeklyWorkingHours(ZoneId zone, Set<DayOfWeek> days, List<String> sessions) {
        if (days.isEmpty() || sessions.isEmpty()) {
            throw new IllegalArgumentException("huying.notify.working-hours needs at least one day and one session");
        }
        this.zone = zone;
        this.days = Set.copyOf(days);
        List<Session> parsed = new ArrayList<>();
        for (String s : sessions) {
            String[] bounds = s.trim().split("-");
            if (bounds.length != 2) {
                throw new IllegalArgumentException("huying.notify.working-hours.sessions: '" + s + "' is not HH:mm-HH:mm");
            }
            Session session = new Session(LocalTime.parse(bounds[0].trim()), LocalTime.parse(bounds[1].trim()));
            if (!session.start().isBefore(session.end())) {
                throw new IllegalArgumentException("huying.notify.working-hours.sessions: '" + s + "' ends before it starts");
            }
            parsed.add(session);
        }
        parsed.sort(Comparator.comparing(Session::start));
        this.sessions = List.copyOf(parsed);
    }

    @Override
    public Instant nextWorkingInstant(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        for (int i = 0; i <= 7; i++, day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            for (Session session : sessions) {
                ZonedDateTime start = day.atTime(session.start()).atZone(zone);
                ZonedDateTime end = day.atTime(session.end()).atZone(zone);
                if (!local.isBefore(end)) {
                    continue;
                }
                return local.isBefore(start) ? start.toInstant() : at;
            }
        }
        throw new IllegalStateException("no working session within a week of " + at);
    }
}
