package io.huying.sla.service;

import io.huying.contracts.calendar.StatutoryHolidays;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.sla.SlaClock;
import io.huying.sla.config.SlaConfig;
import io.huying.sla.mapping.SlaEvents;
import io.huying.sla.repository.ClockRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * 临时工作日历 — where deadlines run on a provisional calendar ({@link StatutoryHolidays}: a year whose
 * State Council notice is not loaded, so its 调休 are unknown), for the ops board and for the daily
 * warning to ops.
 *
 * <p>The warning ({@code huying.sla.calendar-provisional.v1} on huying.sla, through the outbox, and so
 * on every ops and admin live stream) goes out at most once per Asia/Shanghai day, while open clocks
 * run on a provisional year or today + {@code huying.sla.calendar-warning.horizon} reaches a year
 * without a loaded notice. Every replica checks; the one whose insert takes the day's
 * {@code sla_calendar_warning} row writes the warning in the same transaction, the others do nothing.
 * "Today" is the shared clock's ({@code huying clock set} moves it).
 */
@ApplicationScoped
public class ProvisionalCalendars {
    private final SlaRules rules;
    private final SlaConfig config;
    private final SlaEvents events;
    private final OutboxRelay relay;
    private final Clock time;

    public ProvisionalCalendars(SlaRules rules, SlaConfig config, SlaEvents events, Clock time, OutboxRelay relay) {
        this.rules = rules;
        this.config = config;
        this.events = events;
        this.time = time;
        this.relay = relay;
    }

    /** Today in Asia/Shanghai. */
    public LocalDate today() {
        return LocalDate.ofInstant(time.instant(), WorkingCalendar.ZONE);
    }

    /** The last day the warning looks ahead to from {@code today}. */
    public LocalDate horizonUntil(LocalDate today) {
        return today.plusDays(config.calendarWarning().horizon().toDays());
    }

    /**
     * The years from {@code today} to the horizon without a loaded notice, with their provisional
     * version (null for a year no calendar covers at all).
     */
    public Map<Integer, String> ahead(LocalDate today) {
        WorkingCalendar calendar = rules.current().calendar();
        Map<Integer, String> years = new TreeMap<>();
        for (int year = today.getYear(); year <= horizonUntil(today).getYear(); year++) {
            String version = calendar.versionOf(year);
            if (version == null || StatutoryHolidays.isProvisional(version)) {
                years.put(year, version);
            }
        }
        return years;
    }

    /**
     * Inside a session: the open clocks whose time runs on a year that is still provisional, per year,
     * within {@code filter} (every clock when null). A clock across the new year counts for each
     * provisional year its span touches.
     */
    public Uni<Map<Integer, Long>> openClocksByYear(ClockRepository.Filter filter) {
        Parameters p = new Parameters();
        // The literal pattern lets PostgreSQL use the partial index sla_clock_open_provisional.
        String hql = "select calendarVersion, count(*) from SlaClock where state <> :provisionalStopped"
                + " and calendarVersion like '%" + StatutoryHolidays.PROVISIONAL + "%'"
                + (filter == null ? "" : " and " + ClockRepository.where(filter, p)) + " group by calendarVersion";
        p.and("provisionalStopped", SlaClock.State.STOPPED);
        WorkingCalendar calendar = rules.current().calendar();
        return Panache.getSession().chain(session -> {
            var query = session.createQuery(hql, Object[].class);
            p.map().forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> {
            Map<Integer, Long> byYear = new TreeMap<>();
            for (Object[] row : rows) {
                for (String part : ((String) row[0]).split("\\+")) {
                    if (StatutoryHolidays.isProvisional(part)) {
                        int year = Integer.parseInt(part.substring(0, part.indexOf('.')));
                        // A year loaded meanwhile is no longer provisional; its clocks are being recomputed.
                        if (calendar.isProvisional(year)) {
                            byYear.merge(year, ((Number) row[1]).longValue(), Long::sum);
                        }
                    }
                }
            }
            return byYear;
        });
    }

    /** Inside a session: the years that need their notice today, in year order; empty when none does. */
    public Uni<List<SlaCalendarProvisional.Year>> needed(LocalDate today, ClockRepository.Filter filter) {
        Map<Integer, String> ahead = ahead(today);
        WorkingCalendar calendar = rules.current().calendar();
        return openClocksByYear(filter).map(clocks -> {
            TreeMap<Integer, SlaCalendarProvisional.Year> years = new TreeMap<>();
            ahead.forEach((year, version) -> years.put(year, new SlaCalendarProvisional.Year(year, version, clocks.getOrDefault(year, 0L))));
            clocks.forEach((year, open) -> years.putIfAbsent(year, new SlaCalendarProvisional.Year(year, calendar.versionOf(year), open)));
            return new ArrayList<>(years.values());
        });
    }

    /**
     * 临时工作日历预警 — warns ops once today (Asia/Shanghai) when {@link #needed} finds a year; true when
     * this call wrote the warning, false when it was not needed or already written today (here or on
     * another replica).
     */
    public Uni<Boolean> warnIfDue() {
        LocalDate today = today();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> NativeSelects
                        .create(session, "select count(*) from sla_calendar_warning where day = :day", Long.class)
                        .setParameter("day", today).getSingleResult())
                .chain(warned -> warned > 0 ? Uni.createFrom().item(false)
                        : needed(today, null).chain(years -> years.isEmpty() ? Uni.createFrom().item(false) : claim(today, years))));
    }

    private Uni<Boolean> claim(LocalDate today, List<SlaCalendarProvisional.Year> years) {
        String listed = years.stream().map(y -> String.valueOf(y.year())).collect(Collectors.joining(","));
        var now = time.instant();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into sla_calendar_warning (day, years, warned_at) values (:day, :years, :at)
                        on conflict (day) do nothing""")
                        .setParameter("day", today).setParameter("years", listed).setParameter("at", now.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Log.warnf("SLA deadlines run on a provisional working calendar for %s (no 调休 known): load the State Council's "
                            + "holiday notice with PUT /api/sla/admin/calendars/{year}", listed);
                    return events.announce(List.of(events.calendarProvisional(
                            new SlaCalendarProvisional(today, years, horizonUntil(today), now)))).replaceWith(true);
                });
    }

    @Scheduled(every = "${huying.sla.calendar-warning.check-every:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return warnIfDue().invoke(relay::committed).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("cannot check whether deadlines run on a provisional calendar (%s)", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
