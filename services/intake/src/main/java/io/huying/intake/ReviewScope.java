package io.huying.intake;

import java.util.List;

/** 立项审核 — the categories of a street whose calls wait for its dispatcher's review after acceptance. */
public record ReviewScope(String street, List<String> categories) {
}
