package io.huying.dispatch.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.reference.OrgPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * 派单规则 — routing rules as versioned data ({@code huying/routing-rules.json}): category ×
 * area × raiser level → lead unit (主办) and assisting units (协办). The raising unit is never made a
 * handler (采办分离): a rule that would is skipped, and the raiser is dropped from assisting units.
 */
public final class RoutingRules {
    public static final String RESOURCE = "huying/routing-rules.json";

    /** Who raised the call: a community (村居) or a street (镇街). */
    public enum RaiserLevel {
        COMMUNITY, STREET
    }

    /** One rule; {@code categories} holds category codes (SR-01) or group codes (SR). */
    public record Rule(String id, String area, RaiserLevel raisedBy, List<String> categories, String lead,
            List<String> assisting, int priority) {

        public List<String> assistingOrEmpty() {
            return assisting == null ? List.of() : assisting;
        }

        /** 2 for an exact category code, 1 for its group, 0 for no match. */
        int specificity(String categoryCode) {
            if (categories.contains(categoryCode)) {
                return 2;
            }
            String group = categoryCode.substring(0, categoryCode.indexOf('-'));
            return categories.contains(group) ? 1 : 0;
        }
    }

    /** Where a call goes, and which rule said so. */
    public record Route(String ruleId, String lead, List<String> assisting) {
    }

    private final String version;
    private final List<Rule> rules;

    public RoutingRules(String version, List<Rule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    public static RoutingRules load() {
        try (InputStream in = RoutingRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            Document doc = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class);
            return new RoutingRules(doc.version(), doc.rules());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The best rule for a call of {@code categoryCode} raised by {@code raisingUnit} at {@code level}; empty → manual queue. */
    public Optional<Route> route(String categoryCode, String raisingUnit, RaiserLevel level) {
        return route(categoryCode, raisingUnit, level, Set.of());
    }

    /**
     * The best rule whose lead is not one of {@code excludedLeads} — after a return (退回) the units
     * that returned the call are excluded, so a lower-priority rule (a second choice) may apply.
     */
    public Optional<Route> route(String categoryCode, String raisingUnit, RaiserLevel level, Set<String> excludedLeads) {
        return rules.stream()
                .filter(r -> r.raisedBy() == level && OrgPath.of(r.area()).covers(raisingUnit))
                .filter(r -> r.specificity(categoryCode) > 0)
                .filter(r -> !r.lead().equals(raisingUnit) && !excludedLeads.contains(r.lead()))
                .min(Comparator.comparingInt(Rule::priority)
                        .thenComparing(r -> -r.specificity(categoryCode))
                        .thenComparing(r -> -OrgPath.of(r.area()).depth())
                        .thenComparing(Rule::id))
                .map(r -> new Route(r.id(), r.lead(), r.assistingOrEmpty().stream()
                        .filter(unit -> !unit.equals(raisingUnit) && !unit.equals(r.lead()))
                        .distinct().toList()));
    }

    private record Document(String version, String description, List<Rule> rules) {
    }
}
