package io.huying.contracts.problem;

/** One invalid input: the field (JSON path like {@code location.gridPath}, or a header or query name) and why. */
public record Violation(String field, String message) {
}
