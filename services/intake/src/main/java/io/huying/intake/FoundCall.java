package io.huying.intake;

import io.huying.contracts.events.FileRef;
import java.util.List;

/** A call as read for a caller who may see it: with its files, and its timeline when read alone (null in a list). */
public record FoundCall(Call call, List<FileRef> files, List<TimelineEntry> steps) {
}
