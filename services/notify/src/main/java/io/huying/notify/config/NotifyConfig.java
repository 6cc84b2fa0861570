package io.huying.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    /** How often each replica re-reads the working calendars an administrator loaded (CalendarWorkingTime). */
    @WithDefault("5m")
    Duration calendarReloadEvery();

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
}
