package io.huying.notify.service;

import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.platform.db.JsonColumns;
import io.huying.platform.db.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 工作时间 on the SLA engine's working calendar: statutory holidays, 调休 make-up workdays and the
 * office-hour sessions of each year. The years shipped with contracts and a provisional year for each
 * later one, exactly as the SLA engine builds them, overridden by the years an administrator loaded
 * there ({@code huying.sla.calendar-activated.v1}, kept in {@code working_calendar}).
 *
 * <p>Every replica reads the stored years at start-up and every few minutes, so a year stored through
 * another replica's consumer is in force here too.
 */
@ApplicationScoped
public class CalendarWorkingTime implements WorkingTime {
    private final JsonColumns json;
    private volatile WorkingCalendar calendar = WorkingCalendar.withProvisionalYears(WorkingCalendar.shippedYears());

    public CalendarWorkingTime(JsonColumns json) {
        this.json = json;
    }

    @Override
    public Instant nextWorkingInstant(Instant at) {
        return calendar.nextWorkingInstant(at);
    }

    /** The version of each year's calendar in force, e.g. {@code 2026.1} or {@code 2027.provisional}. */
    public Map<Integer, String> versions() {
        return calendar.versions();
    }

    /**
     * Inside the consumer's transaction: stores the year unless a newer announcement is stored already,
     * then puts the stored years in force (before the commit, so what is committed is already in force).
     */
    public Uni<Void> activate(CalendarYear year, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into working_calendar (year, version, document, activated_at) values (:year, :version, :document, :at)
                        on conflict (year) do update set version = excluded.version, document = excluded.document,
                            activated_at = excluded.activated_at
                        where working_calendar.activated_at < excluded.activated_at""")
                .setParameter("year", year.year()).setParameter("version", year.version())
                .setParameter("document", json.write(year)).setParameter("at", at.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .chain(this::load);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(this::load));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the working calendars", e);
        }
    }

    @Scheduled(every = "${huying.notify.calendar-reload-every:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return Panache.withSession(this::load)
                .onFailure().invoke(e -> Log.warnf("cannot read the working calendars (%s); keeping those in force", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Inside a session: the stored years over the shipped ones, then the provisional ones. */
    private Uni<Void> load() {
        return Panache.getSession().chain(session -> NativeSelects.create(session, "select document from working_calendar order by year", String.class)
                .getResultList()).invoke(documents -> use(documents.stream().map(d -> json.read(d, CalendarYear.class)).toList()))
                .replaceWithVoid();
    }

    private void use(List<CalendarYear> stored) {
        Map<Integer, CalendarYear> years = new TreeMap<>();
        WorkingCalendar.shippedYears().forEach(y -> years.put(y.year(), y));
        stored.forEach(y -> years.put(y.year(), y));
        WorkingCalendar next = WorkingCalendar.withProvisionalYears(years.values());
        if (!next.versions().equals(calendar.versions())) {
            Log.infof("working calendars in force for non-urgent messages: %s", next.versions());
        }
        calendar = next;
    }
}
