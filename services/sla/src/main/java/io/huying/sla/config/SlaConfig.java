package io.huying.sla.config;

import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/** SLA engine settings ({@code huying.sla.*}). */
@ConfigMapping(prefix = "huying.sla")
public interface SlaConfig {

    Timers timers();

    Escalation escalation();

    Assessment assessment();

    CalendarWarning calendarWarning();

    /**
     * How long a stop that overtook its clock's start ({@code sla_early_stop}), or a start that
     * overtook its call ({@code sla_parked_start}), waits for its partner before it is purged. Events
     * that far apart no longer arrive out of order; they belong to a clock that never starts.
     */
    @WithDefault("30d")
    Duration orphansKeptFor();

    /** How often the orphans are purged ({@code off} stops it; read by the scheduler as an expression). */
    @WithDefault("1h")
    String orphansPurgeEvery();

    /** How often every instance reads the active policy and calendar versions again (read by the scheduler as an expression). */
    @WithDefault("30s")
    Duration rulesRefreshEvery();

    /** The durable timers in {@code sla_timer} and their poller. */
    interface Timers {
        /** Off only in tests that fire timers by hand. */
        @WithDefault("true")
        boolean pollerEnabled();

        /** Pause between polls when the last one found less than a full batch. */
        @WithDefault("200ms")
        Duration pollEvery();

        /** Timers fired per transaction; a full batch is followed by the next one at once. */
        @WithDefault("500")
        int batchSize();

        /**
         * Pollers per instance. Two keep the database busy while the other batch's events are
         * built; row locks keep each timer to one poller, as across instances.
         */
        @WithDefault("2")
        int pollers();
    }

    /** 催办 → 督办 → 通报. */
    interface Escalation {
        /** The warning threshold (per cent) whose warning also urges (催办) the handling unit. */
        @WithDefault("75")
        int urgeThreshold();

        /** How long after the breach a clock still running is reported one level up (通报), as a policy writes durations. */
        @WithDefault("1 WORKING_DAYS")
        String notifyAfter();

        /** The clocks that escalate; every clock warns and breaches. */
        @WithDefault("DISPATCH,SIGN_FOR,RESOLVE,VERIFY,END_TO_END")
        Set<ClockKind> clocks();
    }

    /** 临时工作日历预警 — the daily warning that deadlines run on a provisional calendar. */
    interface CalendarWarning {
        /** How far ahead of today a year without a loaded holiday notice is warned about. */
        @WithDefault("45d")
        Duration horizon();

        /** How often each instance checks whether today's warning is due ({@code off} stops it; read by the scheduler as an expression). */
        @WithDefault("10m")
        String checkEvery();
    }

    /** 考核. */
    interface Assessment {
        /** The weights of the 三率 in a unit's score (renormalised over the rates that have a denominator). */
        Weights weights();

        interface Weights {
            /** 响应率 (= 签收及时率). */
            @WithDefault("30")
            int response();

            /** 解决率. */
            @WithDefault("35")
            int resolution();

            /** 满意率. */
            @WithDefault("35")
            int satisfaction();
        }
    }
}
