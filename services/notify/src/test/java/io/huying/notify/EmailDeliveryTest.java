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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
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
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void aRoutineTasksMailOutsideWorkingHoursWaitsUntilTheServiceClockReachesThem() {
        LocalDate saturday = LocalDate.now(SHANGHAI).with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        ServiceTime.set(clock, saturday.atTime(LocalTime.of(10, 0)).atZone(SHANGHAI).toInstant());
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        events.publishTask(events.event(task));

        Bell.await("urban.section", task.number(), "TASK_NEW"); // in-app at once
        Instant monday = saturday.plusDays(2).atTime(LocalTime.of(8, 30)).atZone(SHANGHAI).toInstant();
        assertThat(Instant.parse(delivery(task.number(), "to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")))
                .isEqualTo(monday);
        // Several polls of the relay (every 300 ms in tests) pass without sending it.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(delivery(task.number(), "status")).isEqualTo("PENDING");
        assertThat(GreenMailResource.received(task.number())).isEmpty();

        ServiceTime.set(clock, monday.plus(Duration.ofMinutes(1)));
        awaitMails(task.number(), 1);
        assertThat(delivery(task.number(), "status")).isEqualTo("SENT");
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
