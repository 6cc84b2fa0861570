package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link MonitoredMetrics} takes for a metric name, and where it finds the queries. */
class MonitoredMetricsTest {
    private static final Path CHART = Path.of(System.getProperty("huying.root", "..")).resolve("helm/huying").toAbsolutePath().normalize();

    @Test
    void onlyMetricNamesAreTakenFromAQuery() {
        assertThat(MonitoredMetrics.namesIn(
                "sum by (service, uri) (rate(http_server_requests_seconds_count{service=~\"$service\", status=~\"5..\"}[$__rate_interval]))"))
                .containsExactly("http_server_requests_seconds_count");
        assertThat(MonitoredMetrics.namesIn("sum by (group, topic) (max by (group, topic, partition) (huying_consumer_lag{service=~\"${service}\"}))"))
                .containsExactly("huying_consumer_lag");
        assertThat(MonitoredMetrics.namesIn("a_total / on (job) group_left (team) b:ratio offset 5m > bool 1e3"))
                .containsExactly("a_total", "b:ratio");
        assertThat(MonitoredMetrics.namesIn("histogram_quantile(0.95, sum without (instance) (rate(x_bucket[1h:5m])))"))
                .containsExactly("x_bucket");
        assertThat(MonitoredMetrics.namesIn("topk(5, max_over_time(m[1h])) unless absent(n) or vector(0) and on() time() > 0x1f"))
                .containsExactly("m", "n");
        assertThat(MonitoredMetrics.namesIn("label_replace(up{job=~'.*huying.*'}, \"dst\", \"$1\", \"src\", \"(.*)\") == 0 # by service"))
                .containsExactly("up");
        // "by" at a word boundary only: a metric that starts with it keeps its name.
        assertThat(MonitoredMetrics.namesIn("sum(bytes_total) by (x)")).containsExactly("bytes_total");
    }

    @Test
    void dashboardTargetsRowPanelsAndVariableQueriesAreRead(@TempDir Path chart) throws IOException {
        Files.createDirectories(chart.resolve("files/grafana"));
        Files.writeString(chart.resolve("files/grafana/d.json"), """
                {"templating": {"list": [
                   {"name": "datasource", "type": "datasource", "query": "prometheus"},
                   {"name": "service", "type": "query", "query": {"query": "label_values(jvm_threads_live_threads{service!=\\"\\"}, service)"}},
                   {"name": "topic", "type": "query", "query": "label_values(topic)"}]},
                 "panels": [
                   {"type": "stat", "targets": [{"expr": "sum(up)"}]},
                   {"type": "row", "panels": [{"type": "timeseries", "targets": [{"expr": "rate(c_total[$__rate_interval])"}, {"refId": "B"}]}]}]}
                """);
        assertThat(MonitoredMetrics.names(chart)).containsExactly("c_total", "jvm_threads_live_threads", "up");
    }

    @Test
    void rulesExpressionsAreReadOnOneLineQuotedOrAsBlockScalars(@TempDir Path chart) throws IOException {
        Files.createDirectories(chart.resolve("files/prometheus"));
        Files.writeString(chart.resolve("files/prometheus/r.yaml"), """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: max(a_seconds) > 60  # one line
                        for: 5m
                      - alert: B
                        expr: 'sum by (t) (increase(b_total{t="x"}[15m])) > 0'
                      - expr: "c_total"
                        record: c
                      - alert: D
                        expr: |
                          sum(d_lag)
                            > on () group_left
                          e_limit
                        labels:
                          severity: warning
                """);
        assertThat(MonitoredMetrics.names(chart)).containsExactly("a_seconds", "b_total", "c_total", "d_lag", "e_limit");
    }

    @Test
    void aPlainExpressionContinuedOnTheNextLineIsRefusedRatherThanHalfRead() {
        assertThatThrownBy(() -> MonitoredMetrics.rulesExpressions("""
                - alert: A
                  expr: sum(a_total)
                    / sum(b_total)
                  for: 1m
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
    }

    /** The chart's own files: every name found has the shape of what the services expose, and the alerted ones are there. */
    @Test
    void theChartsDashboardAndRulesYieldTheServicesMetricNames() {
        assertThat(MonitoredMetrics.names(CHART))
                .contains("huying_sla_breaches_total", "huying_outbox_oldest_age_seconds", "huying_dead_letters_total", "huying_consumer_lag",
                        "huying_sla_timer_lag_seconds", "up")
                .allMatch(name -> name.matches("huying_\\w+|http_server_requests_seconds_(count|sum|max)|jvm_\\w+|process_\\w+|up"), "a metric name");
    }
}
