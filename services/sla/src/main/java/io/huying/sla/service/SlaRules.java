package io.huying.sla.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.calendar.CalendarYear;
import io.huying.contracts.calendar.StatutoryHolidays;
import io.huying.contracts.calendar.WorkingCalendar;
import io.huying.platform.reference.Organisation;
import io.huying.sla.CalendarVersion;
import io.huying.sla.PolicyVersion;
import io.huying.sla.config.SlaConfig;
import io.huying.sla.domain.Deadlines;
import io.huying.sla.domain.EscalationLadder;
import io.huying.sla.domain.SlaDuration;
import io.huying.sla.domain.SlaPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The active SLA policy and working calendar, as one immutable {@link Snapshot}. Both are versioned
 * data kept in the database ({@code sla_policy}, {@code sla_calendar}); the versions shipped with this
 * build are stored at start-up, and activated where nothing is active yet.
 *
 * <p>Every year of the lunar-date table without a stored calendar gets a provisional one
 * ({@link StatutoryHolidays}: the statutory holidays and their 补假, Monday to Friday in the sessions of
 * the latest stored year, no 调休, version {@code <year>.provisional}) rather than failing a deadline
 * near the turn of the year; clocks record that version, ops are warned ({@link ProvisionalCalendars}),
 * and storing the real calendar recomputes them. A year neither stored nor in the table still fails
 * with {@link io.huying.contracts.calendar.CalendarYearNotLoadedException}.
 */
@ApplicationScoped
public class SlaRules {
    /** The policy and calendar in force, with the arithmetic built on them. */
    public record Snapshot(SlaPolicy policy, WorkingCalendar calendar, Deadlines deadlines, EscalationLadder ladder) {
    }

    private final ObjectMapper json;
    private final Organisation organisation;
    private final SlaConfig config;
    private volatile Snapshot current;

    public SlaRules(ObjectMapper json, Organisation organisation, SlaConfig config) {
        this.json = json;
        this.organisation = organisation;
        this.config = config;
        // Until the stored versions are read at start-up, the shipped ones apply: the same data on a fresh database.
        this.current = snapshot(SlaPolicy.shipped(json), WorkingCalendar.shippedYears());
    }

    public Snapshot current() {
        return current;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::seedAndLoad));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot store or read the SLA policy and calendars", e);
        }
    }

    /** Inside a transaction: stores the shipped versions that are missing, activates them where nothing is active, and loads what is active. */
    public Uni<Snapshot> seedAndLoad() {
        SlaPolicy shippedPolicy = SlaPolicy.shipped(json);
        Uni<Void> seed = Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into sla_policy (version, document, active)
                        values (:version, :document, not exists (select 1 from sla_policy where active))
                        on conflict (version) do nothing""")
                .setParameter("version", shippedPolicy.version())
                .setParameter("document", write(shippedPolicy))
                .executeUpdate()).replaceWithVoid();
        for (CalendarYear calendar : WorkingCalendar.shippedYears()) {
            seed = seed.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into sla_calendar (year, version, document, active)
                            values (:year, :version, :document, not exists (select 1 from sla_calendar where year = :year and active))
                            on conflict (year, version) do nothing""")
                    .setParameter("year", calendar.year())
                    .setParameter("version", calendar.version())
                    .setParameter("document", write(calendar))
                    .executeUpdate())).replaceWithVoid();
        }
        return seed.chain(this::load);
    }

    /** Inside a session: reads the active policy and calendars and makes them current. */
    public Uni<Snapshot> load() {
        return PolicyVersion.<PolicyVersion>find("active", true).firstResult().chain(policyRow ->
                CalendarVersion.<CalendarVersion>list("active", true).map(calendarRows -> {
                    Snapshot before = current;
                    SlaPolicy policy = policyRow == null ? before.policy() : readPolicy(policyRow.document);
                    List<CalendarYear> years = calendarRows.stream().map(r -> readCalendar(r.calendarYear, r.document)).toList();
                    Snapshot loaded = snapshot(policy, years.isEmpty() ? WorkingCalendar.shippedYears() : years);
                    if (loaded.policy().equals(before.policy()) && loaded.calendar().versions().equals(before.calendar().versions())) {
                        return before;
                    }
                    current = loaded;
                    Log.infof("SLA policy %s and calendars %s in force", policy.version(), loaded.calendar().versions().values().stream()
                            .filter(v -> !StatutoryHolidays.isProvisional(v)).toList());
                    return loaded;
                }));
    }

    /**
     * Another replica may have stored a new policy or calendar: every instance reads the active
     * versions again now and then (a replacement recomputes open clocks on the replica that took it).
     */
    @Scheduled(every = "${huying.sla.rules-refresh-every}", delayed = "${huying.sla.rules-refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(this::load).replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("cannot read the active SLA policy and calendars (%s); keeping those in force", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Inside a transaction: stores {@code policy} as a new version, stored by {@code changedBy}, and makes it the active one. */
    public Uni<Snapshot> activatePolicy(SlaPolicy policy, String changedBy) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update sla_policy set active = false where active")
                        .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                insert into sla_policy (version, document, active, changed_by) values (:version, :document, true, :changedBy)""")
                        .setParameter("version", policy.version()).setParameter("document", write(policy)).setParameter("changedBy", changedBy)
                        .executeUpdate()))
                .chain(this::load);
    }

    /** Inside a transaction: makes a stored policy version the active one again (a rollback); false when there is no such version. */
    public Uni<Boolean> activateStoredPolicy(String version) {
        return PolicyVersion.<PolicyVersion>findById(version).chain(stored -> stored == null ? Uni.createFrom().item(false)
                : Panache.getSession().chain(session -> session.createNativeQuery("update sla_policy set active = false where active")
                                .executeUpdate()
                        .chain(() -> session.createNativeQuery("update sla_policy set active = true where version = :version")
                                .setParameter("version", version).executeUpdate()))
                        .chain(() -> load()).replaceWith(true));
    }

    /** Inside a transaction: stores a year's calendar as a new version, stored by {@code changedBy}, and makes it that year's active one. */
    public Uni<Snapshot> activateCalendar(CalendarYear calendar, String changedBy) {
        return Panache.getSession().chain(session -> session.createNativeQuery("update sla_calendar set active = false where year = :year and active")
                        .setParameter("year", calendar.year()).executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                insert into sla_calendar (year, version, document, active, changed_by)
                                values (:year, :version, :document, true, :changedBy)""")
                        .setParameter("year", calendar.year()).setParameter("version", calendar.version())
                        .setParameter("document", write(calendar)).setParameter("changedBy", changedBy).executeUpdate()))
                .chain(this::load);
    }

    public SlaPolicy readPolicy(String document) {
        try {
            return json.readValue(document, SlaPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SLA policy does not read: " + e.getOriginalMessage(), e);
        }
    }

    public CalendarYear readCalendar(int year, String document) {
        return WorkingCalendar.read(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), "sla_calendar " + year);
    }

    public String write(Object document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + document.getClass().getSimpleName(), e);
        }
    }

    private Snapshot snapshot(SlaPolicy policy, List<CalendarYear> years) {
        WorkingCalendar calendar = WorkingCalendar.withProvisionalYears(years);
        Deadlines deadlines = new Deadlines(calendar);
        EscalationLadder ladder = new EscalationLadder(organisation::current, config.escalation().urgeThreshold(),
                SlaDuration.parse(config.escalation().notifyAfter()), config.escalation().clocks());
        return new Snapshot(policy, calendar, deadlines, ladder);
    }
}
