package io.huying.intake.rest;

import java.util.List;

/** 立项审核 — the categories of a street whose calls wait for its dispatcher's review. */
public record ReviewRulesView(String street, List<String> categories) {
}
