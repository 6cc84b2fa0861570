package io.huying.notify.rest;

/** How many notifications of the caller's unit the caller has not read. */
public record UnreadCount(long unread) {
}
