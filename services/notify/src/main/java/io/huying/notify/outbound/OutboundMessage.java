package io.huying.notify.outbound;

/** What an outbound channel sends: a notification's title and text. */
public record OutboundMessage(String subject, String text) {
}
