package io.huying.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart ({@code helm/huying}) as a cluster would get it: linted, rendered with embedded Helm
 * for the defaults and for three replicas with autoscaling, and every manifest read as the Kubernetes
 * API type of its kind, with no field the API does not know. Then what an operator relies on: probes,
 * resources, a non-root and read-only container, no secret value in a ConfigMap, no Secret at all; and the
 * monitoring it ships: the ServiceMonitor, the alerting rules and the Grafana dashboard.
 */
class HelmChartTest {
    static final Path CHART = Path.of(System.getProperty("huying.root", "../..")).resolve("helm/huying").toAbsolutePath().normalize();
    static final List<String> COMPONENTS = List.of("gateway", "intake", "dispatch", "response", "feedback", "sla", "notify");
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    /** A ConfigMap key that names a secret, or a value shaped like a credential. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|token|credential|private[-_]?key).*");
    /**
     * The Prometheus Operator's kinds the chart renders, with the fields of the CRD (monitoring.coreos.com/v1)
     * that an object of each may hold. fabric8's model has no types for them: they are read as
     * {@link GenericKubernetesResource} and checked against these lists instead of by the walker.
     */
    private static final Map<String, Map<String, Set<String>>> OPERATOR_FIELDS = Map.of(
            "monitoring.coreos.com/v1 ServiceMonitor", Map.of(
                    "spec", Set.of("selector", "namespaceSelector", "endpoints", "jobLabel", "targetLabels", "podTargetLabels",
                            "sampleLimit", "targetLimit", "labelLimit", "labelNameLengthLimit", "labelValueLengthLimit",
                            "keepDroppedTargets", "attachMetadata", "scrapeClass", "scrapeProtocols", "bodySizeLimit"),
                    "endpoint", Set.of("port", "targetPort", "path", "scheme", "params", "interval", "scrapeTimeout", "honorLabels",
                            "honorTimestamps", "trackTimestampsStaleness", "tlsConfig", "bearerTokenFile", "bearerTokenSecret",
                            "authorization", "basicAuth", "oauth2", "relabelings", "metricRelabelings", "proxyUrl", "followRedirects",
                            "enableHttp2", "filterRunning")),
            "monitoring.coreos.com/v1 PrometheusRule", Map.of(
                    "spec", Set.of("groups"),
                    "group", Set.of("name", "interval", "rules", "limit", "partial_response_strategy", "query_offset", "labels"),
                    "rule", Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations")));
    /** The alerts issue 22 asks for: breach rate, outbox age, dead-letter growth, consumer lag, SLA timer lag. */
    static final List<String> REQUIRED_ALERTS = List.of("HuyingBreachRateHigh", "HuyingOutboxStuck", "HuyingDeadLettersGrowing",
            "HuyingConsumerLagHigh", "HuyingSlaTimerLag");

    @Test
    void theChartLintsWithoutWarnings() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void theDefaultsRenderToValidManifestsOfEveryComponent() {
        // Rendered as a plain Job (no hook), so that it is among the manifests checked: helm template leaves hooks out.
        List<HasMetadata> manifests = render(Map.of("topicsJob.hookEvents", ""));
        assertValid(manifests);
        assertThat(names(manifests, Deployment.class)).containsExactlyInAnyOrderElementsOf(COMPONENTS.stream().map(c -> "huying-" + c).toList());
        assertThat(names(manifests, Service.class)).hasSize(COMPONENTS.size());
        assertThat(of(manifests, HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(of(manifests, Job.class)).as("the topic-creation Job").hasSize(1);
        assertThat(of(manifests, NetworkPolicy.class)).isNotEmpty();
        for (Deployment deployment : of(manifests, Deployment.class)) {
            assertThat(deployment.getSpec().getReplicas()).as("replicas of %s", name(deployment)).isEqualTo(1);
        }
        // The operator's resources need its CRDs, which a plain cluster lacks: only on request.
        assertThat(operatorResources(manifests, "ServiceMonitor")).as("ServiceMonitors by default").isEmpty();
        assertThat(operatorResources(manifests, "PrometheusRule")).as("PrometheusRules by default").isEmpty();
    }

    @Test
    void theServiceMonitorScrapesQMetricsOnEveryComponentsService() {
        List<HasMetadata> manifests = render(Map.of("monitoring.serviceMonitor.enabled", "true", "topicsJob.hookEvents", ""));
        assertValid(manifests);
        List<GenericKubernetesResource> monitors = operatorResources(manifests, "ServiceMonitor");
        assertThat(monitors).hasSize(1);
        Map<String, Object> spec = spec(monitors.get(0));
        Map<String, String> selector = map(map(spec.get("selector")).get("matchLabels"));
        assertThat(map(spec.get("namespaceSelector")).get("matchNames")).as("namespaces of the ServiceMonitor").isEqualTo(List.of("huying"));
        List<Service> services = of(manifests, Service.class);
        assertThat(services).hasSize(COMPONENTS.size()).allSatisfy(service -> assertThat(service.getMetadata().getLabels())
                .as("labels of Service %s", name(service)).containsAllEntriesOf(selector));
        List<Map<String, Object>> endpoints = list(spec.get("endpoints"));
        assertThat(endpoints).hasSize(1);
        Map<String, Object> endpoint = endpoints.get(0);
        assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("interval", "30s")
                // Each series' own service="<component>" must survive: the operator would set the Service's name.
                .containsEntry("honorLabels", true);
        assertThat(services).allSatisfy(service -> assertThat(service.getSpec().getPorts())
                .as("ports of Service %s", name(service)).anySatisfy(port -> assertThat(port.getName()).isEqualTo(endpoint.get("port"))));
    }

    @Test
    void thePrometheusRuleHoldsTheAlertsOfIssue22WithSeverityAndBothLanguages() {
        List<HasMetadata> manifests = render(Map.of("monitoring.prometheusRule.enabled", "true", "topicsJob.hookEvents", ""));
        assertValid(manifests);
        List<GenericKubernetesResource> rules = operatorResources(manifests, "PrometheusRule");
        assertThat(rules).hasSize(1);
        List<Map<String, Object>> alerts = HelmChartTest.<Map<String, Object>>list(spec(rules.get(0)).get("groups")).stream()
                .flatMap(group -> HelmChartTest.<Map<String, Object>>list(group.get("rules")).stream()).toList();
        assertThat(alerts.stream().map(alert -> alert.get("alert"))).containsAll(REQUIRED_ALERTS);
        for (Map<String, Object> alert : alerts) {
            Object who = alert.get("alert");
            assertThat(alert.get("expr")).as("expr of %s", who).isInstanceOf(String.class).asString().isNotBlank();
            assertThat(alert.get("for")).as("for of %s", who).isInstanceOf(String.class).asString().matches("[0-9]+[smh]");
            assertThat(map(alert.get("labels"))).as("labels of %s", who).containsKey("severity");
            Map<String, String> annotations = map(alert.get("annotations"));
            assertThat(annotations).as("annotations of %s", who).containsKeys("summary", "description");
            assertThat(annotations.values()).as("annotations of %s: Chinese and English", who)
                    .allSatisfy(text -> assertThat(text).containsPattern("\\p{IsHan}").containsPattern("[A-Za-z]{3,}"));
        }
        // The same rules, for a Prometheus without the operator: the file itself, in a ConfigMap (on by default).
        ConfigMap file = configMap(manifests, "huying-prometheus-rules");
        assertThat(file.getData().get("huying-alerts.yaml")).isEqualTo(chartFile("files/prometheus/huying-alerts.yaml").strip());
    }

    @Test
    void theDashboardConfigMapHoldsAGrafanaDashboardWhosePanelsAllQueryPrometheus() throws IOException {
        List<HasMetadata> manifests = render(Map.of());
        ConfigMap config = configMap(manifests, "huying-grafana-dashboard");
        assertThat(config.getMetadata().getLabels()).as("the label Grafana's dashboard sidecar looks for").containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = new ObjectMapper().readTree(config.getData().get("huying-overview.json"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("huying-overview");
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).isNotEmpty();
        assertThat(panels.stream().map(panel -> panel.path("id").asInt())).as("panel ids").doesNotHaveDuplicates();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("gridPos").has("w")).as("layout of panel %s", title).isTrue();
            assertThat(panel.path("targets")).as("queries of panel %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("a PromQL expr in panel %s", title).isNotBlank();
                // Any Grafana's Prometheus: the data source is the dashboard's variable, never a uid of one installation.
                assertThat(target.path("datasource").path("uid").asText()).as("data source of panel %s", title).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void podsAreAnnotatedForScrapingAndGetTheTracingSettings() {
        List<HasMetadata> defaults = render(Map.of());
        for (Deployment deployment : of(defaults, Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as("pod annotations of %s", name(deployment))
                    .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", "8080");
            assertThat(environment(defaults, deployment)).as("environment of %s", name(deployment))
                    .containsEntry("HUYING_TRACE_SAMPLE_RATIO", "0").doesNotContainKey("HUYING_OTLP_ENDPOINT");
        }
        List<HasMetadata> traced = render(Map.of("global.tracing.otlpEndpoint", "http://otel-collector.monitoring:4317",
                "global.tracing.sampleRatio", "0.25", "monitoring.podAnnotations.enabled", "false"));
        for (Deployment deployment : of(traced, Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as("pod annotations of %s", name(deployment))
                    .doesNotContainKey("prometheus.io/scrape");
            assertThat(environment(traced, deployment)).as("environment of %s", name(deployment))
                    .containsEntry("HUYING_OTLP_ENDPOINT", "http://otel-collector.monitoring:4317")
                    .containsEntry("HUYING_TRACE_SAMPLE_RATIO", "0.25");
        }
    }

    @Test
    void threeReplicasWithAutoscalingAndDisruptionBudgetsRender() {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String component : COMPONENTS) {
            values.put(component + ".replicaCount", "3");
            values.put(component + ".autoscaling.enabled", "true");
            values.put(component + ".autoscaling.minReplicas", "3");
            values.put(component + ".pdb.enabled", "true");
        }
        values.put("gateway.ingress.enabled", "true");
        List<HasMetadata> manifests = render(values);
        assertValid(manifests);
        List<HorizontalPodAutoscaler> autoscalers = of(manifests, HorizontalPodAutoscaler.class);
        assertThat(autoscalers).hasSize(COMPONENTS.size());
        assertThat(autoscalers).allSatisfy(hpa -> assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3));
        assertThat(of(manifests, PodDisruptionBudget.class)).hasSize(COMPONENTS.size());
        // The autoscaler owns the replica count: a Deployment that also set it would fight it on every upgrade.
        assertThat(of(manifests, Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isNull());
        assertThat(names(manifests, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class)).hasSize(1);
    }

    /** The check above can fail: a misspelt field is found where it lies. */
    @Test
    void aFieldTheKubernetesApiDoesNotKnowIsFound() {
        Object read = KUBERNETES.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 3
                  template:
                    spec:
                      containers: [{name: x, image: x, livenessProbe: {httpGet: {path: /q/health/live, prot: 8080}}}]
                """);
        assertThat(unknownFields(read, "")).containsExactlyInAnyOrder(".Spec.replica", ".Spec.Template.Spec.Containers[0].LivenessProbe.HttpGet.prot");
    }

    /** What every rendering must hold, whatever the values. */
    private static void assertValid(List<HasMetadata> manifests) {
        assertThat(manifests).isNotEmpty();
        for (HasMetadata manifest : manifests) {
            // A kind fabric8 has no type for is read generically: only the operator's kinds listed above may be.
            List<String> unknown = manifest instanceof GenericKubernetesResource resource ? unknownOperatorFields(resource) : unknownFields(manifest, "");
            assertThat(unknown).as("fields the Kubernetes API does not know in %s %s", manifest.getKind(), name(manifest))
                    .isEmpty();
            assertThat(manifest.getMetadata().getLabels()).as("labels of %s %s", manifest.getKind(), name(manifest))
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "helm.sh/chart");
        }
        assertThat(of(manifests, Secret.class)).as("Secrets rendered by the chart (it reads existing ones only)").isEmpty();
        for (ConfigMap config : of(manifests, ConfigMap.class)) {
            Map<String, String> data = config.getData() == null ? Map.of() : config.getData();
            assertThat(data.keySet()).as("keys of ConfigMap %s that name a secret", name(config)).noneMatch(k -> SECRET_KEY.matcher(k).matches());
        }
        for (Deployment deployment : of(manifests, Deployment.class)) {
            String who = name(deployment);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(deployment.getSpec().getSelector().getMatchLabels()).as("selector of %s", who)
                    .containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("runAsNonRoot of %s", who).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as("service account token in %s", who).isFalse();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as("privilege escalation in %s", who).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as("read-only root of %s", who).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as("dropped capabilities of %s", who).contains("ALL");
                assertThat(container.getResources().getRequests()).as("requests of %s", who).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as("limits of %s", who).containsKey("memory");
                assertHttpProbe(container.getLivenessProbe(), "/q/health/live", who);
                assertHttpProbe(container.getReadinessProbe(), "/q/health/ready", who);
                assertThat(container.getEnv()).as("environment of %s", who)
                        .allSatisfy(env -> assertThat(env.getValue() == null || !SECRET_KEY.matcher(env.getName()).matches())
                                .as("%s of %s comes from a Secret, not a literal", env.getName(), who).isTrue());
            }
        }
    }

    private static void assertHttpProbe(Probe probe, String path, String who) {
        assertThat(probe).as("probe on %s of %s", path, who).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("probe path of %s", who).isEqualTo(path);
    }

    /** {@code helm template huying helm/huying --set …}, split into documents and read as Kubernetes types. */
    static List<HasMetadata> render(Map<String, String> values) {
        var template = new Helm(CHART).template().withName("huying").withNamespace("huying");
        values.forEach(template::set);
        String rendered = template.call();
        List<HasMetadata> manifests = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            String yaml = document.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n")).strip();
            if (yaml.isEmpty()) {
                continue;
            }
            Object read = KUBERNETES.unmarshal(yaml);
            assertThat(read).as("a manifest of a known kind:%n%s", yaml).isInstanceOf(HasMetadata.class);
            manifests.add((HasMetadata) read);
        }
        return manifests;
    }

    /**
     * The paths of fields the CRD of a Prometheus Operator kind does not declare in the spec, its endpoints
     * (ServiceMonitor) or its groups and rules (PrometheusRule); the metadata is walked as a typed ObjectMeta.
     * A kind that is neither fails whole.
     */
    static List<String> unknownOperatorFields(GenericKubernetesResource resource) {
        Map<String, Set<String>> fields = OPERATOR_FIELDS.get(resource.getApiVersion() + " " + resource.getKind());
        if (fields == null) {
            return List.of("a kind fabric8 has no type for: " + resource.getApiVersion() + " " + resource.getKind());
        }
        List<String> unknown = new ArrayList<>(unknownFields(resource.getMetadata(), ".Metadata"));
        resource.getAdditionalProperties().keySet().stream().filter(k -> !k.equals("spec")).forEach(k -> unknown.add("." + k));
        Map<String, Object> spec = spec(resource);
        unknownKeys(spec, fields.get("spec"), ".spec", unknown);
        if (resource.getKind().equals("ServiceMonitor")) {
            List<Map<String, Object>> endpoints = list(spec.get("endpoints"));
            for (int i = 0; i < endpoints.size(); i++) {
                unknownKeys(endpoints.get(i), fields.get("endpoint"), ".spec.endpoints[" + i + "]", unknown);
            }
        } else {
            List<Map<String, Object>> groups = list(spec.get("groups"));
            for (int g = 0; g < groups.size(); g++) {
                unknownKeys(groups.get(g), fields.get("group"), ".spec.groups[" + g + "]", unknown);
                List<Map<String, Object>> rules = list(groups.get(g).get("rules"));
                for (int r = 0; r < rules.size(); r++) {
                    unknownKeys(rules.get(r), fields.get("rule"), ".spec.groups[" + g + "].rules[" + r + "]", unknown);
                }
            }
        }
        return unknown;
    }

    private static void unknownKeys(Map<String, Object> object, Set<String> known, String path, List<String> unknown) {
        object.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(path + "." + k));
    }

    /**
     * The paths of fields no Kubernetes API type declares: the model keeps them aside
     * ({@code additionalProperties}) instead of failing, so they are looked for in every object read.
     */
    static List<String> unknownFields(Object root, String path) {
        List<String> unknown = new ArrayList<>();
        walk(root, path, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!(value instanceof KubernetesResource) || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            walk(field, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown, seen);
        }
    }

    static List<GenericKubernetesResource> operatorResources(List<HasMetadata> manifests, String kind) {
        return of(manifests, GenericKubernetesResource.class).stream()
                .filter(r -> r.getApiVersion().equals("monitoring.coreos.com/v1") && r.getKind().equals(kind)).toList();
    }

    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<T>) value;
    }

    static ConfigMap configMap(List<HasMetadata> manifests, String name) {
        return of(manifests, ConfigMap.class).stream().filter(c -> name(c).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    /** A Deployment's environment from its ConfigMaps (envFrom) and literal env entries. */
    static Map<String, String> environment(List<HasMetadata> manifests, Deployment deployment) {
        Map<String, String> env = new java.util.HashMap<>();
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    env.putAll(configMap(manifests, from.getConfigMapRef().getName()).getData());
                }
            }
            container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        }
        return env;
    }

    static String chartFile(String path) {
        try {
            return Files.readString(CHART.resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static <T> List<T> of(List<HasMetadata> manifests, Class<T> type) {
        return manifests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<String> names(List<HasMetadata> manifests, Class<? extends HasMetadata> type) {
        return of(manifests, type).stream().map(HelmChartTest::name).toList();
    }

    static String name(HasMetadata manifest) {
        return manifest.getMetadata().getName();
    }
}
