package io.huying.notify.outbound;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The port every outbound channel adapter implements. {@link EmailChannel} (quarkus-mailer) is the one
 * that ships. 短信 (SMS) and 企业微信 (WeCom) are extension points: an adapter is an
 * {@code @ApplicationScoped} bean of this type whose {@link #name()} is {@code SMS} or {@code WECOM},
 * enabled by {@code huying.notify.sms.enabled} / {@code huying.notify.wecom.enabled}; the addresses of
 * a subscription are then phone numbers or WeCom user ids. Deliveries are queued only for channels
 * whose adapter is enabled ({@link OutboundChannels}).
 */
public interface OutboundChannel {

    /** The channel's name in subscriptions and deliveries: {@code EMAIL}, {@code SMS}, {@code WECOM}. */
    String name();

    /** Whether this adapter is configured to send (e.g. an SMTP server is set). */
    boolean enabled();

    /** Sends {@code message} to every one of {@code addressees}; fails when the channel did not take it. */
    Uni<Void> send(List<String> addressees, OutboundMessage message);
}
