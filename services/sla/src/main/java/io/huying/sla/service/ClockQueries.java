package io.huying.sla.service;

import io.huying.contracts.calendar.StatutoryHolidays;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated;
import io.huying.platform.db.NativeSelects;
import io.huying.platform.error.ProblemException;
import io.huying.sla.ClockBoard;
import io.huying.sla.MonitoredClock;
import io.huying.sla.SlaClock;
import io.huying.sla.repository.ClockRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Reading clocks for the ops views, always within the caller's scope (ClockRepository.Filter#scope). */
@ApplicationScoped
public class ClockQueries {
    /**
     * Breached since :since. When a clock breached: the breach announced at its deadline, or (stopped late before the
     * announcement) its deadline. Index sla_clock_breach_moment (V10) serves the window.
     */
    private static final String BREACHED_IN_WINDOW = "(breached_at is not null or outcome = 'BREACHED')"
            + " and coalesce(breached_at, deadline) >= cast(:since as timestamptz)"
            + " and coalesce(breached_at, deadline) < cast(:until as timestamptz)";

    private final ClockRepository clocks;
    private final ProvisionalCalendars provisional;
    private final SlaRules rules;
    private final Clock clock;

    public ClockQueries(ClockRepository clocks, ProvisionalCalendars provisional, SlaRules rules, Clock clock) {
        this.clocks = clocks;
        this.provisional = provisional;
        this.rules = rules;
        this.clock = clock;
    }

    /** How much the board shows: breaches of the last {@code days} days, the {@code top} units, at most {@code limit} clocks at risk. */
    public record BoardSize(int days, int top, int limit) {
    }

    /**
     * Open clocks by standing (ON_TRACK, AT_RISK, BREACHED), in total and per clock kind; the calendars in
     * use; the breaches of the last days by unit and by day; the open clocks at risk or breached.
     */
    @WithSession
    public Uni<ClockBoard> board(ClockRepository.Filter filter, BoardSize size) {
        Parameters p = new Parameters();
        String hql = "select kind, count(*), sum(case when breachedAt is not null then 1 else 0 end),"
                + " sum(case when breachedAt is null and warnedThreshold is not null then 1 else 0 end)"
                + " from SlaClock where state <> :boardStopped and " + ClockRepository.where(filter, p) + " group by kind";
        p.and("boardStopped", SlaClock.State.STOPPED);
        Instant now = clock.instant();
        LocalDate today = now.atZone(WorkingCalendar.ZONE).toLocalDate();
        LocalDate firstDay = today.minusDays(size.days() - 1L);
        Instant since = firstDay.atStartOfDay(WorkingCalendar.ZONE).toInstant();
        // Both breach figures count the same window, to the end of today: a breach dated later (a clock
        // moved ahead) is in neither.
        Instant until = today.plusDays(1).atStartOfDay(WorkingCalendar.ZONE).toInstant();
        return clocks.getSession().chain(session -> {
            var query = session.createQuery(hql, Object[].class);
            p.map().forEach(query::setParameter);
            return query.getResultList();
        }).map(ClockQueries::counts)
                // One session, one query at a time: each part after the other.
                .chain(counts -> calendars(filter)
                        .chain(calendar -> breachesByUnit(filter, since, until, size.top())
                                .chain(byUnit -> breachesByDay(filter, since, until, firstDay, today)
                                        .chain(byDay -> atRisk(filter, size.limit())
                                                .map(atRisk -> new ClockBoard(counts.total(), counts.byClock(), calendar, now, since,
                                                        byUnit, byDay, atRisk))))));
    }

    private record Counts(ClockBoard.Standings total, Map<ClockKind, ClockBoard.Standings> byClock) {
    }

    private static Counts counts(List<Object[]> rows) {
        Map<ClockKind, ClockBoard.Standings> found = new EnumMap<>(ClockKind.class);
        for (Object[] row : rows) {
            long open = ((Number) row[1]).longValue();
            long breached = ((Number) row[2]).longValue();
            long atRisk = ((Number) row[3]).longValue();
            found.put((ClockKind) row[0], new ClockBoard.Standings(open, open - breached - atRisk, atRisk, breached));
        }
        Map<ClockKind, ClockBoard.Standings> byClock = new EnumMap<>(ClockKind.class);
        long open = 0, onTrack = 0, atRisk = 0, breached = 0;
        for (ClockKind kind : ClockKind.values()) {
            ClockBoard.Standings c = found.getOrDefault(kind, new ClockBoard.Standings(0, 0, 0, 0));
            byClock.put(kind, c);
            open += c.open();
            onTrack += c.onTrack();
            atRisk += c.atRisk();
            breached += c.breached();
        }
        return new Counts(new ClockBoard.Standings(open, onTrack, atRisk, breached), byClock);
    }

    private Uni<List<ClockBoard.UnitBreaches>> breachesByUnit(ClockRepository.Filter filter, Instant since, Instant until, int top) {
        Parameters p = new Parameters();
        String sql = "select unit_path, count(*) as breaches, count(*) filter (where state <> 'STOPPED') as still_open from sla_clock"
                + " where " + BREACHED_IN_WINDOW + " and " + ClockRepository.whereSql(filter, p)
                + " group by unit_path order by breaches desc, unit_path limit :top";
        p.and("since", since.atOffset(ZoneOffset.UTC)).and("until", until.atOffset(ZoneOffset.UTC)).and("top", top);
        return clocks.getSession().chain(session -> ClockRepository.bind(NativeSelects.create(session, sql, Object[].class), p).getResultList())
                .map(rows -> rows.stream().map(r -> new ClockBoard.UnitBreaches((String) r[0], ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue())).toList());
    }

    private Uni<Map<LocalDate, Long>> breachesByDay(ClockRepository.Filter filter, Instant since, Instant until, LocalDate firstDay,
            LocalDate today) {
        Parameters p = new Parameters();
        String sql = "select to_char(coalesce(breached_at, deadline) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*) as breaches"
                + " from sla_clock where " + BREACHED_IN_WINDOW + " and " + ClockRepository.whereSql(filter, p) + " group by 1";
        p.and("since", since.atOffset(ZoneOffset.UTC)).and("until", until.atOffset(ZoneOffset.UTC));
        return clocks.getSession().chain(session -> ClockRepository.bind(NativeSelects.create(session, sql, Object[].class), p).getResultList())
                .map(rows -> {
                    Map<LocalDate, Long> byDay = new HashMap<>();
                    rows.forEach(r -> byDay.put(LocalDate.parse((String) r[0]), ((Number) r[1]).longValue()));
                    Map<LocalDate, Long> days = new LinkedHashMap<>();
                    // Zero-filled, so a chart gets every day of the window.
                    for (LocalDate day = firstDay; !day.isAfter(today); day = day.plusDays(1)) {
                        days.put(day, byDay.getOrDefault(day, 0L));
                    }
                    return days;
                });
    }

    private Uni<List<MonitoredClock>> atRisk(ClockRepository.Filter filter, int limit) {
        return clocks.atRisk(filter).page(Page.ofSize(limit)).list().chain(this::monitored);
    }

    /** The highest rung fired for a clock and when its latest escalation fired. */
    private record Escalation(SlaEscalated.Level level, Instant at) {
    }

    private Uni<Map<UUID, Escalation>> escalations(List<SlaClock> list) {
        return clocks.escalationsOf(list.stream().map(c -> c.id).toList()).map(rows -> {
            Map<UUID, Escalation> byClock = new HashMap<>();
            for (Object[] r : rows) {
                Escalation fired = new Escalation((SlaEscalated.Level) r[1], (Instant) r[2]);
                byClock.merge((UUID) r[0], fired, (a, b) -> new Escalation(a.level().compareTo(b.level()) >= 0 ? a.level() : b.level(),
                        a.at().isAfter(b.at()) ? a.at() : b.at()));
            }
            return byClock;
        });
    }

    /** Each clock with the escalations fired for it. */
    private Uni<List<MonitoredClock>> monitored(List<SlaClock> list) {
        return escalations(list).map(escalations -> list.stream().map(c -> {
            Escalation e = escalations.get(c.id);
            return new MonitoredClock(c, e == null ? null : e.level(), e == null ? null : e.at());
        }).toList());
    }

    private Uni<ClockBoard.Calendars> calendars(ClockRepository.Filter filter) {
        LocalDate today = provisional.today();
        Map<Integer, String> loaded = new TreeMap<>();
        rules.current().calendar().versions().forEach((year, version) -> {
            if (!StatutoryHolidays.isProvisional(version)) {
                loaded.put(year, version);
            }
        });
        return provisional.needed(today, filter).map(years -> new ClockBoard.Calendars(loaded, years, provisional.horizonUntil(today)));
    }

    /** Clocks matching {@code filter}, soonest deadline first. */
    @WithSession
    public Uni<MonitoredClock.Page> clocks(ClockRepository.Filter filter, int page, int size) {
        var query = clocks.matching(filter).page(Page.of(page, size));
        return query.list().chain(list -> monitored(list).chain(items -> query.count().map(total -> new MonitoredClock.Page(items, page,
                size, total))));
    }

    /** Breached clocks (超时), newest first. */
    @WithSession
    public Uni<MonitoredClock.Page> breaches(ClockRepository.Filter filter, int page, int size) {
        var query = clocks.breaches(filter).page(Page.of(page, size));
        return query.list().chain(list -> monitored(list).chain(items -> query.count().map(total -> new MonitoredClock.Page(items, page,
                size, total))));
    }

    /** The clocks of one call that the caller's scope covers; 404 when none (existence is private). */
    @WithSession
    public Uni<List<MonitoredClock>> ofCall(ClockRepository.Filter scope, UUID callId) {
        return clocks.ofCall(callId).chain(list -> {
            List<SlaClock> visible = list.stream().filter(c -> scope.scope() == null || scope.scope().covers(c.unitPath)).toList();
            if (visible.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.notFound("clocks of call " + callId));
            }
            return monitored(visible);
        });
    }
}
