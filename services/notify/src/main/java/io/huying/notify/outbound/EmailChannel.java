package io.huying.notify.outbound;

import io.huying.notify.config.NotifyConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** E-mail through quarkus-mailer (SMTP: {@code HUYING_SMTP_HOST} / {@code HUYING_SMTP_PORT}); one mail to all addressees. */
@ApplicationScoped
public class EmailChannel implements OutboundChannel {
    public static final String NAME = "EMAIL";

    private final ReactiveMailer mailer;
    private final boolean enabled;
    private final String subjectPrefix;

    public EmailChannel(ReactiveMailer mailer, NotifyConfig config) {
        this.mailer = mailer;
        this.enabled = config.email().enabled().orElse(config.smtpHost().filter(h -> !h.isBlank()).isPresent());
        this.subjectPrefix = config.email().subjectPrefix();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Uni<Void> send(List<String> addressees, OutboundMessage message) {
        Mail mail = new Mail().setTo(addressees).setSubject(subjectPrefix + " " + message.subject()).setText(message.text());
        return mailer.send(mail);
    }
}
