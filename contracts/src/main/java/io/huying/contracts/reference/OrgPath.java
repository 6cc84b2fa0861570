package io.huying.contracts.reference;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A unit's path in the org tree, e.g. {@code /baiyun/jinsha/fengling}. Visibility is a prefix
 * rule on whole segments: a unit sees what belongs to its own path and the paths below it.
 */
public record OrgPath(String value) {
    private static final Pattern SHAPE = Pattern.compile("^(/[a-z0-9][a-z0-9-]*)+$");

    public OrgPath {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not an org path: " + value);
        }
    }

    public static boolean isWellFormed(String value) {
        return value != null && value.length() <= 255 && SHAPE.matcher(value).matches();
    }

    public static OrgPath of(String value) {
        return new OrgPath(value);
    }

    /** True when {@code other} is this unit or lies below it. {@code /a/b} covers {@code /a/b/c}, not {@code /a/bc}. */
    public boolean covers(OrgPath other) {
        return other.value.equals(value) || other.value.startsWith(value + "/");
    }

    public boolean covers(String other) {
        return other != null && (other.equals(value) || other.startsWith(value + "/"));
    }

    public int depth() {
        return (int) value.chars().filter(c -> c == '/').count();
    }

    /** The ancestor at {@code depth} segments (1 = district); this path if it is not deeper. */
    public OrgPath ancestorAt(int depth) {
        int seen = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '/' && ++seen == depth + 1) {
                return new OrgPath(value.substring(0, i));
            }
        }
        return this;
    }

    /** A LIKE pattern matching every path below this one (not this one itself). */
    public String descendantsLikePattern() {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
    }

    @Override
    public String toString() {
        return value;
    }
}
