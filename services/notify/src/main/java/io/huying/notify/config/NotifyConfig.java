package io.huying.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Notification settings ({@code huying.notify.*}). */
@ConfigMapping(prefix = "huying.notify")
public interface NotifyConfig {

    /** The SMTP server's host ({@code HUYING_SMTP_HOST}); empty when there is none. */
    Optional<String> smtpHost();

    Email email();

    /** 短信 — an extension point: no adapter ships yet. */
    Switch sms();

    /** 企业微信 — an extension point: no adapter ships yet. */
    Switch wecom();

    Delivery delivery();

    WorkingHours workingHours();

    interface Email {
        /** On or off; unset: on exactly when {@link #smtpHost()} is set. */
        Optional<Boolean> enabled();

        /** Put before every subject, so recipients can filter. */
        @WithDefault("[呼应]")
        String subjectPrefix();
    }

    interface Switch {
        @WithDefault("false")
        boolean enabled();
    }

    /** The relay of {@code notification_delivery}. */
    interface Delivery {
        @WithDefault("true")
        boolean relayEnabled();

        @WithDefault("2s")
        Duration pollEvery();

        @WithDefault("20")
        int batchSize();

        /** After this many failed attempts a delivery is FAILED and no longer tried. */
        @WithDefault("12")
        int maxAttempts();

        @WithDefault("30s")
        Duration firstBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** A send that has not finished by then counts as failed. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    /** The weekly office hours that non-urgent outbound messages wait for. */
    interface WorkingHours {
        @WithDefault("Asia/Shanghai")
        ZoneId zone();

        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        Set<DayOfWeek> days();

        /** Sessions of a working day as {@code HH:mm-HH:mm}, in order. */
        @WithDefault("08:30-12:00,13:30-17:30")
        List<String> sessions();
    }
}
