package io.huying.response;

import java.util.List;

/** One page of a unit's inbox (部门/科室待办). */
public record InboxPage(List<InboxTask> tasks, int page, int size, long total) {
}
