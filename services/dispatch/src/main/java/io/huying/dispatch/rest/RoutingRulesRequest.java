package io.huying.dispatch.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code PUT /api/dispatch/routing-rules}: the whole new rule set, the revision it was made from
 * (the one in force, else 409), and why. What the org tree and the catalogue must agree to is checked by
 * the service, each fault named by its field ({@code rules[2].lead}).
 */
public record RoutingRulesRequest(
        @NotNull @Min(1) Integer basedOnRevision,
        @Size(max = 500) String note,
        @NotNull @Size(min = 1, max = 500) List<@NotNull @Valid RuleInput> rules) {

    public record RuleInput(
            @NotNull @Size(min = 1, max = 60) String id,
            @NotNull @Size(max = 255) String area,
            @NotNull RaisedBy raisedBy,
            @NotNull @Size(min = 1, max = 50) List<@NotNull @Size(max = 10) String> categories,
            @NotNull @Size(max = 255) String lead,
            @Size(max = 10) List<@NotNull @Size(max = 255) String> assisting,
            @Min(1) @Max(1000) int priority) {
    }

    /** Who raised the calls a rule is for: a community (村居呼叫，科室响应) or a street (镇街呼叫，部门响应). */
    public enum RaisedBy {
        COMMUNITY, STREET
    }
}
