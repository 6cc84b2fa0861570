package io.huying.intake.rest;

import java.util.List;

/** One page of calls, newest first. */
public record CallPage(List<CallView> items, int page, int size, long total) {
}
