package io.huying.notify;

import static io.huying.notify.Events.URBAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-mail to a subscribed unit (城管科, seeded: urban.section@huying.example.org) through a real SMTP
 * server: urgent at once, others in working hours, nothing lost while the server is down.
 */
@QuarkusTest
class EmailDeliveryTest {
    private static final String ADDRESS = "urban.section@huying.example.org";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Bell.WAIT;

    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    private Events events;

    @BeforeEach
    void open() {
        events = new Events(json);
    }

    @AfterEach
    void close() {
        events.close();
        ServiceTime.reset(clock);
    }

    @Test
    void anUrgentTasksMailGoesOutAtOnceToTheSubscribedAddress() throws Exception {
        TaskDispatched task = events.dispatched(URBAN, Urgency.URGENT);
        events.publishTask(events.event(task));

        MimeMessage mail = awaitMails(task.number(), 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("[呼应] 新任务 " + task.number() + " 凤岭路占道经营");
        assertThat(Arrays.stream(mail.getRecipients(RecipientType.TO)).map(String::valueOf)).containsExactly(ADDRESS);
        assertThat(delivery(task.number(), "status")).isEqualTo("SENT");
    }

    @Test
    void aRoutineTasksMailOutsideWorkingHoursWaitsForTheWorkingCalendarsNextSession() {
        // 2026-02-14 is a Saturday worked (调休补班) before 春节 in the shipped 2026 calendar: a weekly
        // Monday-to-Friday window would hold the mail until Monday 02-16, a day of the holiday itself.
        LocalDate madeUpSaturday = LocalDate.parse("2026-02-14");
        ServiceTime.set(clock, madeUpSaturday.atTime(LocalTime.of(7, 0)).atZone(SHANGHAI).toInstant());
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        events.publishTask(events.event(task));

        awaitInApp(task.number()); // in-app at once
        Instant opening = madeUpSaturday.atTime(LocalTime.of(8, 30)).atZone(SHANGHAI).toInstant();
        assertThat(nextAttempt(task.number())).isEqualTo(opening);
        // Several polls of the relay (every 300 ms in tests) pass without sending it.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(delivery(task.number(), "status")).isEqualTo("PENDING");
        assertThat(GreenMailResource.received(task.number())).isEmpty();

        ServiceTime.set(clock, opening.plus(Duration.ofMinutes(1)));
        awaitMails(task.number(), 1);
        assertThat(delivery(task.number(), "status")).isEqualTo("SENT");
    }

    @Test
    void aYearsCalendarLoadedIntoTheSlaEngineIsTheOneMailsWaitFor() {
        // 2031 runs provisional (no 调休): Saturday 2031-03-01 is a day off there. A notice loaded into the
        // SLA engine makes it a working day; notify takes the year from huying.sla. (A year no other
        // module's tests load, and forgotten first: a stored announcement newer than this one would win.)
        LocalInfra.queryLong(NotifyTestInfra.DATABASE, "with gone as (delete from working_calendar where year = 2031 returning 1) select count(*) from gone");
        String version = "2031.t" + Long.toString(System.nanoTime(), 36);
        LocalDate madeUpSaturday = LocalDate.parse("2031-03-01");
        events.publishSla(events.calendarActivated(2031, version, List.of(madeUpSaturday)));
        Awaitility.await("2031 stored as " + version).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> version.equals(LocalInfra.queryString(NotifyTestInfra.DATABASE,
                        "select (select version from working_calendar where year = 2031)")));

        ServiceTime.set(clock, madeUpSaturday.atTime(LocalTime.of(13, 0)).atZone(SHANGHAI).toInstant());
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        events.publishTask(events.event(task));
        awaitInApp(task.number());
        assertThat(nextAttempt(task.number())).as("the loaded notice's afternoon session")
                .isEqualTo(madeUpSaturday.atTime(LocalTime.of(14, 0)).atZone(SHANGHAI).toInstant());
    }

    /**
     * The in-app notification about {@code number} and its e-mail delivery are stored. Read from the
     * database: the bell lists the newest first, and these carry the moved service clock's dates.
     */
    private static void awaitInApp(String number) {
        Awaitility.await("the new-task notification about " + number).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> delivery(number, "status") != null);
    }

    private static Instant nextAttempt(String number) {
        return Instant.parse(delivery(number, "to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));
    }

    @Test
    void whileTheMailServerIsDownADeliveryStaysPendingAndIsSentExactlyOnceWhenItIsBack() {
        GreenMailResource.stopServer();
        TaskDispatched task;
        try {
            task = events.dispatched(URBAN, Urgency.CRITICAL);
            events.publishTask(events.event(task));
            Awaitility.await("failed attempts").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> Integer.parseInt(orZero(delivery(task.number(), "attempts"))) >= 2);
            assertThat(delivery(task.number(), "status")).isEqualTo("PENDING");
            assertThat(delivery(task.number(), "last_error")).isNotBlank();
        } finally {
            GreenMailResource.restartServer();
        }
        awaitMails(task.number(), 1);
        assertThat(delivery(task.number(), "status")).isEqualTo("SENT");
        // More polls pass: still exactly one mail.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(GreenMailResource.received(task.number())).hasSize(1);
    }

    private static List<MimeMessage> awaitMails(String number, int count) {
        return Awaitility.await("mail about " + number).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> GreenMailResource.received(number), mails -> mails.size() >= count);
    }

    /** A column of the e-mail delivery of the notification about call {@code number}; null while there is none. */
    private static String delivery(String number, String column) {
        return LocalInfra.queryString(NotifyTestInfra.DATABASE, "select (select " + column + "::text from notification_delivery d"
                + " join notification n on n.id = d.notification_id where n.number = ? and d.channel = 'EMAIL')", number);
    }

    private static String orZero(String value) {
        return value == null ? "0" : value;
    }
}
