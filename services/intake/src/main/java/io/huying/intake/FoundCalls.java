package io.huying.intake;

import java.util.List;

/** One page of calls, newest first, and how many match in all. */
public record FoundCalls(List<FoundCall> items, int page, int size, long total) {
}
