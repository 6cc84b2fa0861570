package io.huying.contracts.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.sla.calendar-provisional.v1}: 临时工作日历预警 — on {@code day} (Asia/Shanghai), open
 * clocks run on a provisional calendar, or the days up to {@code horizonUntil} reach a year whose
 * holiday notice is not loaded. Announced at most once a day, until an administrator loads the years.
 */
public record SlaCalendarProvisional(
        LocalDate day,
        List<Year> years,
        LocalDate horizonUntil,
        Instant at) {

    /**
     * The CloudEvent subject and Kafka key of every such warning: the working calendar, not a call, so the
     * warnings keep their order on one partition. Consumers that act on calls skip the type.
     */
    public static final UUID SUBJECT = UUID.fromString("00000000-0000-4000-8000-00000000ca1e");

    /**
     * A year that needs its notice: {@code version} its provisional calendar ({@code 2027.provisional}),
     * null when no calendar at all covers it; {@code openClocks} the open clocks whose time runs on it.
     */
    public record Year(int year, String version, long openClocks) {
    }
}
