package io.huying.notify;

import java.util.List;

/**
 * 订阅 — a unit's subscription to an outbound channel: its notifications also go to {@code addresses} on
 * {@code channel}, all of them or only the urgent ones; no addresses ends it.
 */
public record Subscription(String unitPath, String channel, List<String> addresses, boolean urgentOnly) {
}
