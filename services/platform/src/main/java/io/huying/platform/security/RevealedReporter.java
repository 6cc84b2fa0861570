package io.huying.platform.security;

import java.time.Instant;

/** A reporter's name and phone number in full, as revealed to {@code revealedTo} at {@code revealedAt} (audited). */
public record RevealedReporter(String name, String phone, String revealedTo, Instant revealedAt) {
}
