package io.huying.response;

import java.util.List;

/** A task with everything its units did on it (办理过程), oldest first. */
public record TaskHistory(InboxTask task, List<TaskActivity> activities) {
}
