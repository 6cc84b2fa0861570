package io.huying.notify;

/** A notification as one member's bell lists it: with that member's own read state. */
public record BellEntry(Notification notification, boolean read) {
}
