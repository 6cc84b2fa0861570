package io.huying.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the Helm chart's Grafana dashboards ({@code files/grafana/*.json}: every panel target's
 * {@code expr}, also inside row panels, and the series of {@code label_values}/{@code query_result} variables)
 * and alerting rules ({@code files/prometheus/*.yaml}: every {@code expr}) query. A test holds them against
 * what the running services expose.
 */
final class MonitoredMetrics {
    /** Function, aggregation and keyword names of PromQL: never metric names, even where no "(" follows. */
    private static final Set<String> PROMQL_WORDS = Set.of(
            // aggregations and their modifiers
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
            "limitk", "limit_ratio", "by", "without",
            // binary operators and modifiers
            "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool", "offset", "atan2",
            // literals
            "inf", "nan", "Inf", "NaN",
            // functions
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "holt_winters", "double_exponential_smoothing", "hour", "idelta", "increase", "irate",
            "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear", "rate", "resets",
            "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt", "time",
            "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time", "sum_over_time",
            "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time",
            "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
            "sin", "sinh", "tan", "tanh", "deg", "rad", "pi", "start", "end",
            // Grafana's variable query functions
            "label_values", "label_names", "metrics", "query_result");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    /** Grafana variables: ${name}, ${name:format}, $__interval, $name. */
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    /** Range selectors and subqueries: [5m], [1h:1m]. */
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    /** Grouping and vector-matching clauses with their label lists (group_left/right may have none). */
    private static final Pattern CLAUSE = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\b\\s*(\\([^)]*\\))?");
    /** A number or duration first (15m, 1.5e3, 0x1f), else an identifier. */
    private static final Pattern TOKEN = Pattern.compile("(?<number>\\.?\\d[\\w.]*)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern EXPR_KEY = Pattern.compile("^(\\s*)(-\\s+)?expr:\\s*(.*)$");
    private static final Pattern BLOCK_SCALAR = Pattern.compile("[|>][+-]?[0-9]?[+-]?");
    private static final Pattern VARIABLE_QUERY = Pattern.compile("^\\s*(label_values|query_result)\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private MonitoredMetrics() {
    }

    /** The metric names the dashboards and alerting rules of the chart at {@code chartDir} query, sorted. */
    static Set<String> names(Path chartDir) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(chartDir)) {
            names.addAll(namesIn(expr));
        }
        return names;
    }

    /** Every PromQL expression of the chart's dashboards and rules files. */
    static List<String> expressions(Path chartDir) {
        List<String> expressions = new ArrayList<>();
        for (Path dashboard : files(chartDir.resolve("files/grafana"), ".json")) {
            expressions.addAll(dashboardExpressions(read(dashboard)));
        }
        for (Path rules : files(chartDir.resolve("files/prometheus"), ".yaml", ".yml")) {
            expressions.addAll(rulesExpressions(read(rules)));
        }
        return expressions;
    }

    /** Panel targets' expr (row panels' nested panels too) and the series of the templating variables' queries. */
    static List<String> dashboardExpressions(String json) {
        JsonNode dashboard;
        try {
            dashboard = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> expressions = new ArrayList<>();
        for (JsonNode targets : dashboard.path("panels").findValues("targets")) {
            for (JsonNode target : targets) {
                if (target.hasNonNull("expr")) {
                    expressions.add(target.get("expr").asText());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            Matcher m = VARIABLE_QUERY.matcher(text);
            if (!m.matches()) {
                continue;
            }
            String argument = m.group(2);
            if (m.group(1).equals("query_result")) {
                expressions.add(argument);
            } else {
                // label_values(<series selector>, <label>) queries the selector; label_values(<label>) queries no metric.
                int comma = argument.lastIndexOf(',');
                if (comma >= 0) {
                    expressions.add(argument.substring(0, comma));
                }
            }
        }
        return expressions;
    }

    /**
     * Every {@code expr:} of a rules file, read line by line: a one-line value (plain or quoted) or a block
     * scalar ({@code expr: |}). A plain value continued on the next line is refused rather than half read.
     */
    static List<String> rulesExpressions(String yaml) {
        List<String> lines = yaml.lines().toList();
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPR_KEY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int keyIndent = m.group(1).length() + (m.group(2) == null ? 0 : m.group(2).length());
            String value = m.group(3).strip();
            if (BLOCK_SCALAR.matcher(value.replaceFirst("\\s+#.*$", "")).matches()) {
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > keyIndent)) {
                    block.append(lines.get(++i).strip()).append('\n');
                }
                expressions.add(block.toString().strip());
                continue;
            }
            if (value.startsWith("'") && value.endsWith("'") && value.length() > 1) {
                value = value.substring(1, value.length() - 1).replace("''", "'");
            } else if (value.startsWith("\"") && value.endsWith("\"") && value.length() > 1) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            } else {
                value = value.replaceFirst("\\s+#.*$", "");
                int next = i + 1;
                while (next < lines.size() && lines.get(next).isBlank()) {
                    next++;
                }
                if (next < lines.size() && indent(lines.get(next)) > keyIndent && !lines.get(next).strip().matches("(-\\s+)?[\\w.-]+:(\\s.*)?")) {
                    throw new IllegalArgumentException("expr continues on line " + (next + 1) + ": write it on one line or as a block scalar (expr: |)");
                }
            }
            expressions.add(value);
        }
        return expressions;
    }

    /** The metric names one PromQL expression selects. */
    static Set<String> namesIn(String promql) {
        String rest = STRING.matcher(promql).replaceAll(" ");
        rest = COMMENT.matcher(rest).replaceAll(" ");
        rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
        rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = CLAUSE.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(rest);
        while (token.find()) {
            String name = token.group("name");
            if (name == null || PROMQL_WORDS.contains(name) || rest.substring(token.end()).stripLeading().startsWith("(")) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
