package io.huying.notify.rest;

import java.util.List;

/** A page of the bell: {@code total} matches the filter; {@code unread} counts all the caller has not read. */
public record NotificationPage(List<NotificationView> items, long unread, long total) {
}
