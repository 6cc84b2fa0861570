package io.huying.sla.service;

import io.agroal.api.AgroalDataSource;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.contracts.reference.UnitLevel;
import io.huying.platform.reference.Organisation;
import io.huying.sla.SlaClock;
import io.huying.sla.SlaTimer;
import io.huying.sla.mapping.SlaEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SLA engine's metrics at {@code /q/metrics}:
 * <ul>
 * <li>{@code huying_sla_breaches_total{kind,unit_level}}, {@code huying_sla_escalations_total{level,unit_level}}
 * and {@code huying_sla_warnings_total{kind}} — counted when the transaction that fired them commits;
 * {@code unit_level} is the level of the unit the clock measures (DEPARTMENT, SECTION, …), never a unit or call.</li>
 * <li>{@code huying_sla_timer_lag_seconds} — how late the engine is: now − the oldest due timer not fired
 * yet (0 when none is due); {@code huying_sla_open_clocks{kind,state}} — running and paused clocks.
 * Both are read every {@code huying.metrics.refresh-every}.</li>
 * </ul>
 */
// Started with the application: its meters are there (at 0) before anything happens.
@Startup
@ApplicationScoped
public class SlaMetrics {
    /** The levels a measured unit can have; the counters of these exist from the start at 0. */
    private static final List<UnitLevel> MEASURED = List.of(UnitLevel.DISTRICT, UnitLevel.DEPARTMENT, UnitLevel.STREET,
            UnitLevel.SECTION, UnitLevel.COMMUNITY);

    private final MeterRegistry registry;
    private final Organisation organisation;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong timerLagMillis = new AtomicLong();
    private final MultiGauge openClocks;

    public SlaMetrics(MeterRegistry registry, Organisation organisation, AgroalDataSource dataSource, Clock clock) {
        this.registry = registry;
        this.organisation = organisation;
        this.dataSource = dataSource;
        this.clock = clock;
        for (ClockKind kind : ClockKind.values()) {
            warnings(kind.name());
            MEASURED.forEach(level -> breaches(kind.name(), level.name()));
        }
        for (Level level : Level.values()) {
            MEASURED.forEach(unitLevel -> escalations(level.name(), unitLevel.name()));
        }
        Gauge.builder("huying.sla.timer.lag", timerLagMillis, a -> a.get() / 1000.0).baseUnit("seconds")
                .description("Now minus the oldest due SLA timer not fired yet (0 when none is due)").register(registry);
        this.openClocks = MultiGauge.builder("huying.sla.open.clocks")
                .description("Clocks running or paused, by kind and state").register(registry);
        openClocks.register(rows(Map.of()), true);
    }

    /** Counts timers whose firing transaction committed: warnings, breaches and escalations. */
    public void fired(List<SlaEvents.Fired> fired) {
        for (SlaEvents.Fired f : fired) {
            SlaTimer t = f.timer();
            SlaClock c = f.clock();
            switch (t.kind) {
                case WARNING -> warnings(c.kind.name()).increment();
                case BREACH -> breaches(c.kind.name(), unitLevel(c.unitPath)).increment();
                case ESCALATION -> escalations(t.level == null ? "UNKNOWN" : t.level.name(), unitLevel(c.unitPath)).increment();
            }
        }
    }

    private String unitLevel(String unitPath) {
        return organisation.current().unit(unitPath).map(u -> u.level().name()).orElse("UNKNOWN");
    }

    private Counter warnings(String kind) {
        return counters.computeIfAbsent("w|" + kind, k -> Counter.builder("huying.sla.warnings")
                .description("SLA warnings fired").tag("kind", kind).register(registry));
    }

    private Counter breaches(String kind, String unitLevel) {
        return counters.computeIfAbsent("b|" + kind + "|" + unitLevel, k -> Counter.builder("huying.sla.breaches")
                .description("SLA breaches (超时) detected").tags("kind", kind, "unit_level", unitLevel).register(registry));
    }

    private Counter escalations(String level, String unitLevel) {
        return counters.computeIfAbsent("e|" + level + "|" + unitLevel, k -> Counter.builder("huying.sla.escalations")
                .description("SLA escalations (催办, 督办, 通报) fired").tags("level", level, "unit_level", unitLevel).register(registry));
    }

    @Scheduled(every = "${huying.metrics.refresh-every:15s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        try (Connection c = dataSource.getConnection()) {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement s = c.prepareStatement("""
                    select coalesce(cast(extract(epoch from (? - min(due_at))) * 1000 as bigint), 0)
                    from sla_timer where fired_at is null and due_at <= ?""")) {
                s.setTimestamp(1, now);
                s.setTimestamp(2, now);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    timerLagMillis.set(Math.max(0, rs.getLong(1)));
                }
            }
            Map<String, Long> counts = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select kind, state, count(*) from sla_clock where state <> 'STOPPED' group by kind, state");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
                }
            }
            openClocks.register(rows(counts), true);
        } catch (SQLException e) {
            Log.debugf("SLA gauges not refreshed: %s", e.getMessage());
        }
    }

    /** A row for every kind × open state, 0 where there is no clock. */
    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ClockKind kind : ClockKind.values()) {
            for (SlaClock.State state : List.of(SlaClock.State.RUNNING, SlaClock.State.PAUSED)) {
                rows.add(MultiGauge.Row.of(Tags.of("kind", kind.name(), "state", state.name()),
                        counts.getOrDefault(kind.name() + "|" + state.name(), 0L)));
            }
        }
        return rows;
    }
}
