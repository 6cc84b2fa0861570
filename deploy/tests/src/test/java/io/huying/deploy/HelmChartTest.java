package io.huying.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
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
import java.lang.reflect.Method;
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
 * resources, a non-root and read-only container, no secret value in a ConfigMap, no Secret at all.
 */
class HelmChartTest {
    static final Path CHART = Path.of(System.getProperty("huying.root", "../..")).resolve("helm/huying").toAbsolutePath().normalize();
    static final List<String> COMPONENTS = List.of("gateway", "intake", "dispatch", "response", "feedback", "sla", "notify");
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    /** A ConfigMap key that names a secret, or a value shaped like a credential. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|token|credential|private[-_]?key).*");

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
            assertThat(unknownFields(manifest, "")).as("fields the Kubernetes API does not know in %s %s", manifest.getKind(), name(manifest))
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
