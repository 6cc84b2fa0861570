package io.huying.notify;

import java.util.List;

/** A page of a member's bell: {@code total} matches the filter; {@code unread} counts all the member has not read. */
public record BellPage(List<BellEntry> items, long unread, long total) {
}
