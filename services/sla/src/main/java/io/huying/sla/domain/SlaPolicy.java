package io.huying.sla.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaClockStarted.ClockKind;
import io.huying.contracts.problem.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 时限标准 — the SLA policy, versioned data (shipped at {@value #RESOURCE}, kept in table
 * {@code sla_policy}, one version active): for each category (a code, or {@code *} for every
 * category) × urgency × clock, a duration and the warning thresholds (per cent of the time used;
 * {@link #defaultWarnings} when a rule names none). The most specific rule wins: a category's own rule
 * beats the {@code *} rule. Also the return window (退回时限) the dispatch service may use.
 */
public record SlaPolicy(
        String version,
        String description,
        List<Integer> defaultWarnings,
        SlaDuration returnWindow,
        List<Rule> rules) {

    public static final String RESOURCE = "huying/sla/policies.json";
    public static final String ANY_CATEGORY = "*";
    private static final Pattern CATEGORY = Pattern.compile("^[A-Z]{2}-[0-9]{2}$");
    private static final List<Integer> STANDARD_WARNINGS = List.of(50, 75);

    /** One line of the policy. {@code warnings} null: the policy's default thresholds. */
    public record Rule(String category, Urgency urgency, ClockKind clock, SlaDuration duration, List<Integer> warnings) {
    }

    /** What applies to one clock: the duration and warning thresholds, ascending. */
    public record Terms(SlaDuration duration, List<Integer> warnings) {
    }

    public SlaPolicy {
        defaultWarnings = defaultWarnings == null ? STANDARD_WARNINGS : List.copyOf(defaultWarnings);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The policy shipped with this build. */
    public static SlaPolicy shipped(ObjectMapper json) {
        try (InputStream in = SlaPolicy.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            SlaPolicy policy = json.readValue(in, SlaPolicy.class);
            List<Violation> violations = policy.violations();
            if (!violations.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " is not a valid policy: " + violations);
            }
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The terms of {@code clock} for a call of {@code category} and {@code urgency}. */
    public Terms termsFor(String category, Urgency urgency, ClockKind clock) {
        Rule rule = rule(category, urgency, clock)
                .orElseThrow(() -> new IllegalStateException("policy " + version + " has no rule for " + urgency + " " + clock));
        List<Integer> thresholds = rule.warnings() == null ? defaultWarnings : rule.warnings();
        return new Terms(rule.duration(), thresholds.stream().sorted().toList());
    }

    /** The rule that applies: the category's own, else the {@code *} rule. */
    public Optional<Rule> rule(String category, Urgency urgency, ClockKind clock) {
        return rules.stream()
                .filter(r -> r.urgency() == urgency && r.clock() == clock)
                .filter(r -> ANY_CATEGORY.equals(r.category()) || r.category().equals(category))
                .min(Comparator.comparing(r -> ANY_CATEGORY.equals(r.category()) ? 1 : 0));
    }

    /**
     * What changed from {@code before} to this policy, one line each, for the audit log: a rule's new duration or
     * warnings ({@code * ROUTINE RESOLVE: 5 WORKING_DAYS → 4 WORKING_DAYS}), a rule added (+) or removed (−), the
     * default warnings and the return window.
     */
    public List<String> changesFrom(SlaPolicy before) {
        List<String> changes = new ArrayList<>();
        if (!defaultWarnings.equals(before.defaultWarnings())) {
            changes.add("defaultWarnings: " + before.defaultWarnings() + " → " + defaultWarnings);
        }
        if (!Objects.equals(returnWindow, before.returnWindow())) {
            changes.add("returnWindow: " + before.returnWindow() + " → " + returnWindow);
        }
        Map<String, Rule> was = new LinkedHashMap<>();
        before.rules().forEach(r -> was.put(key(r), r));
        for (Rule r : rules) {
            Rule old = was.remove(key(r));
            if (old == null) {
                changes.add("+ " + key(r) + ": " + terms(r));
            } else if (!terms(old).equals(terms(r))) {
                changes.add(key(r) + ": " + terms(old) + " → " + terms(r));
            }
        }
        was.values().forEach(r -> changes.add("− " + key(r) + ": " + terms(r)));
        return changes;
    }

    private static String key(Rule r) {
        return r.category() + " " + r.urgency() + " " + r.clock();
    }

    private static String terms(Rule r) {
        return r.duration() + (r.warnings() == null ? "" : " warnings " + r.warnings());
    }

    /** What is wrong with this policy, each named by its JSON path (e.g. {@code rules[3].duration.amount}); empty when valid. */
    public List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        if (version == null || version.isBlank()) {
            violations.add(new Violation("version", "must not be blank"));
        } else if (version.length() > 50) {
            violations.add(new Violation("version", "must be at most 50 characters"));
        }
        thresholds("defaultWarnings", defaultWarnings, violations);
        if (returnWindow == null) {
            violations.add(new Violation("returnWindow", "must not be null"));
        } else if (returnWindow.problem() != null) {
            violations.add(new Violation("returnWindow", returnWindow.problem()));
        }
        if (rules.isEmpty()) {
            violations.add(new Violation("rules", "must not be empty"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String at = "rules[" + i + "]";
            if (r == null) {
                violations.add(new Violation(at, "must not be null"));
                continue;
            }
            if (r.category() == null || !(ANY_CATEGORY.equals(r.category()) || CATEGORY.matcher(r.category()).matches())) {
                violations.add(new Violation(at + ".category", "must be a category code like SR-01, or * for every category"));
            }
            if (r.urgency() == null) {
                violations.add(new Violation(at + ".urgency", "must be ROUTINE/一般, URGENT/紧急 or CRITICAL/特急"));
            }
            if (r.clock() == null) {
                violations.add(new Violation(at + ".clock", "must be DISPATCH, SIGN_FOR, RESOLVE, VERIFY or END_TO_END"));
            }
            if (r.duration() == null) {
                violations.add(new Violation(at + ".duration", "must not be null"));
            } else if (r.duration().problem() != null) {
                violations.add(new Violation(at + ".duration", r.duration().problem()));
            }
            if (r.warnings() != null) {
                thresholds(at + ".warnings", r.warnings(), violations);
            }
            if (!seen.add(r.category() + "|" + r.urgency() + "|" + r.clock())) {
                violations.add(new Violation(at, "a second rule for " + r.category() + " " + r.urgency() + " " + r.clock()));
            }
        }
        for (Urgency urgency : Urgency.values()) {
            for (ClockKind clock : ClockKind.values()) {
                if (!seen.contains(ANY_CATEGORY + "|" + urgency + "|" + clock)) {
                    violations.add(new Violation("rules", "no rule for category * " + urgency + " " + clock
                            + ": every urgency and clock needs one"));
                }
            }
        }
        return violations;
    }

    private static void thresholds(String field, List<Integer> values, List<Violation> violations) {
        Set<Integer> unique = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < 1 || v > 99) {
                violations.add(new Violation(field + "[" + i + "]", "must be a per cent between 1 and 99"));
            } else if (!unique.add(v)) {
                violations.add(new Violation(field + "[" + i + "]", "is given twice"));
            }
        }
    }
}
