package io.huying.response.rest;

import java.util.List;

/** One page of the inbox. */
public record TaskPage(List<TaskView> items, int page, int size, long total) {
}
