package io.huying.sla.service;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.platform.error.ProblemException;
import io.huying.sla.SlaClock;
import io.huying.sla.calendar.StatutoryHolidays;
import io.huying.sla.repository.ClockRepository;
import io.huying.sla.rest.BoardView;
import io.huying.sla.rest.ClockView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reading clocks for the ops views, always within the caller's scope (ClockRepository.Filter#scope). */
@ApplicationScoped
public class ClockQueries {
    private final ClockRepository clocks;
    private final ProvisionalCalendars provisional;
    private final SlaRules rules;

    public ClockQueries(ClockRepository clocks, ProvisionalCalendars provisional, SlaRules rules) {
        this.clocks = clocks;
        this.provisional = provisional;
        this.rules = rules;
    }

    /** Open clocks by standing (ON_TRACK, AT_RISK, BREACHED), in total and per clock kind; the calendars in use. */
    @WithSession
    public Uni<BoardView> board(ClockRepository.Filter filter) {
        Parameters p = new Parameters();
        String hql = "select kind, count(*), sum(case when breachedAt is not null then 1 else 0 end),"
                + " sum(case when breachedAt is null and warnedThreshold is not null then 1 else 0 end)"
                + " from SlaClock where state <> :boardStopped and " + ClockRepository.where(filter, p) + " group by kind";
        p.and("boardStopped", SlaClock.State.STOPPED);
        return clocks.getSession().chain(session -> {
            var query = session.createQuery(hql, Object[].class);
            p.map().forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> {
            Map<ClockKind, BoardView.ClockCounts> byClock = new EnumMap<>(ClockKind.class);
            for (Object[] row : rows) {
                long open = ((Number) row[1]).longValue();
                long breached = ((Number) row[2]).longValue();
                long atRisk = ((Number) row[3]).longValue();
                ClockKind kind = (ClockKind) row[0];
                byClock.put(kind, new BoardView.ClockCounts(kind, open, open - breached - atRisk, atRisk, breached));
            }
            List<BoardView.ClockCounts> counts = new ArrayList<>();
            long open = 0, onTrack = 0, atRisk = 0, breached = 0;
            for (ClockKind kind : ClockKind.values()) {
                BoardView.ClockCounts c = byClock.getOrDefault(kind, new BoardView.ClockCounts(kind, 0, 0, 0, 0));
                counts.add(c);
                open += c.open();
                onTrack += c.onTrack();
                atRisk += c.atRisk();
                breached += c.breached();
            }
            return new BoardView(new BoardView.Counts(open, onTrack, atRisk, breached), counts, null);
        }).chain(board -> calendars(filter).map(calendar -> new BoardView(board.total(), board.byClock(), calendar)));
    }

    private Uni<BoardView.Calendar> calendars(ClockRepository.Filter filter) {
        LocalDate today = provisional.today();
        List<BoardView.LoadedYear> loaded = new ArrayList<>();
        rules.current().calendar().versions().forEach((year, version) -> {
            if (!StatutoryHolidays.isProvisional(version)) {
                loaded.add(new BoardView.LoadedYear(year, version));
            }
        });
        return provisional.needed(today, filter).map(years -> new BoardView.Calendar(loaded,
                years.stream().map(y -> new BoardView.ProvisionalYear(y.year(), y.version(), y.openClocks())).toList(),
                provisional.horizonUntil(today)));
    }

    /** Clocks matching {@code filter}, soonest deadline first. */
    @WithSession
    public Uni<ClockView.Page> clocks(ClockRepository.Filter filter, int page, int size) {
        var query = clocks.matching(filter).page(Page.of(page, size));
        return query.list().chain(list -> query.count().map(total -> new ClockView.Page(list.stream().map(ClockView::of).toList(),
                page, size, total)));
    }

    /** Breached clocks (超时), newest first. */
    @WithSession
    public Uni<ClockView.Page> breaches(ClockRepository.Filter filter, int page, int size) {
        var query = clocks.breaches(filter).page(Page.of(page, size));
        return query.list().chain(list -> query.count().map(total -> new ClockView.Page(list.stream().map(ClockView::of).toList(),
                page, size, total)));
    }

    /** The clocks of one call that the caller's scope covers; 404 when none (existence is private). */
    @WithSession
    public Uni<List<ClockView>> ofCall(ClockRepository.Filter scope, UUID callId) {
        return clocks.ofCall(callId).map(list -> {
            List<ClockView> visible = list.stream()
                    .filter(c -> scope.scope() == null || scope.scope().covers(c.unitPath))
                    .map(ClockView::of).toList();
            if (visible.isEmpty()) {
                throw ProblemException.notFound("clocks of call " + callId);
            }
            return visible;
        });
    }
}
