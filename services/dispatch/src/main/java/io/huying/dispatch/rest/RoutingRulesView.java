package io.huying.dispatch.rest;

import java.time.Instant;
import java.util.List;

/** A version of the routing rules (派单规则): its revision and version label, who put it in force, when and why, and its rules. */
public record RoutingRulesView(int revision, String version, String note, String changedBy, Instant changedAt, List<RuleView> rules) {

    /** One rule, as {@link RoutingRulesRequest.RuleInput} takes it, with the names of its units. */
    public record RuleView(String id, String area, String areaName, String raisedBy, List<String> categories, String lead, String leadName,
            List<String> assisting, int priority) {
    }
}
