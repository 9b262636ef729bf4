package jp.kanmin.ops.deploy;

import jp.kanmin.ops.config.StoreProperties;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No container engine runs on the build machines, so the deployment files are checked here: each parses, the
 * pieces that name each other agree (services, selectors, config maps, secrets, probes, scrape paths), and every
 * setting they give the application is one the application reads.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");
    /** Read by the JVM or the container image, not by the application's configuration. */
    private static final Set<String> NOT_APPLICATION_SETTINGS = Set.of("JAVA_TOOL_OPTIONS");

    @Test
    void everyYamlFileParses() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                                    .toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(12);
            for (Path yaml : yamls) {
                assertThat(documents(yaml)).as(yaml.toString()).isNotEmpty().doesNotContainNull();
            }
        }
    }

    @Test
    void composeRunsAThreeMemberReplicaSetTwoNodesABalancerAndMonitoring() throws IOException {
        Map<String, Object> compose = map(documents(DEPLOY.resolve("compose.yaml")).getFirst());
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("mongo1", "mongo2", "mongo3", "mongo-init", "app1", "app2", "lb",
                                          "prometheus", "grafana");
        for (String member : List.of("mongo1", "mongo2", "mongo3")) {
            assertThat(String.valueOf(map(services.get(member)).get("command"))).contains("--replSet, rs0");
        }
        assertThat(String.valueOf(map(services.get("mongo-init")).get("command")))
                .contains("mongo1:27017", "mongo2:27017", "mongo3:27017");
        for (String node : List.of("app1", "app2")) {
            Map<String, Object> environment = map(map(services.get(node)).get("environment"));
            assertThat(String.valueOf(environment.get("KANMIN_MONGO_URI")))
                    .contains("mongo1:27017", "mongo2:27017", "mongo3:27017", "replicaSet=rs0", "w=majority");
            environment.keySet().forEach(DeploymentFilesTest::assertReadByTheApplication);
            assertThat(String.valueOf(map(map(services.get(node)).get("healthcheck")).get("test")))
                    .contains("/actuator/health/readiness");
        }
        String nginx = Files.readString(DEPLOY.resolve("nginx.conf"));
        assertThat(nginx).contains("server app1:8080", "server app2:8080", "proxy_buffering off",
                                   "limit_conn per_client", "client_header_timeout", "keepalive_timeout");
    }

    /** What {@code docker compose config} checks, without a container engine: the Compose Specification's schema. */
    @Test
    void composeFileIsValidAgainstTheComposeSpecification() throws IOException {
        // loaded by its location, against which the schema's relative $id resolves
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                                      .getSchema(SchemaLocation.of("classpath:schemas/compose-spec.json"));
        // SnakeYAML resolves anchors and merge keys as Compose does; the schema sees the resolved file
        JsonNode compose = JsonMapper.builder().build().valueToTree(documents(DEPLOY.resolve("compose.yaml")).getFirst());

        assertThat(schema.validate(compose)).isEmpty();

        JsonNode misspelt = compose.deepCopy();
        ((ObjectNode) misspelt.get("services").get("app1")).put("helthcheck", "typo");
        assertThat(schema.validate(misspelt)).as("the schema refuses what compose would").isNotEmpty();
    }

    @Test
    void prometheusScrapesEveryNodeAndLoadsTheAlertRules() throws IOException {
        Map<String, Object> prometheus = map(documents(DEPLOY.resolve("prometheus/prometheus.yml")).getFirst());
        Map<String, Object> job = map(list(prometheus.get("scrape_configs")).getFirst());
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(String.valueOf(job.get("static_configs"))).contains("app1:8080", "app2:8080");
        assertThat(list(prometheus.get("rule_files"))).containsExactly("/etc/prometheus/alerts.yml");

        List<Object> groups = list(map(documents(DEPLOY.resolve("prometheus/alerts.yml")).getFirst()).get("groups"));
        List<Object> rules = list(map(groups.getFirst()).get("rules"));
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5).allSatisfy(rule -> assertThat(map(rule))
                .containsKeys("alert", "expr", "labels", "annotations"));
        assertThat(rules).extracting(rule -> map(rule).get("alert"))
                         .contains("ProcessorLagging", "CommandsFailing", "FeedSubscribersDropped");
    }

    @Test
    void grafanaIsProvisionedWithTheDashboard() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build()
                                       .readTree(DEPLOY.resolve("grafana/dashboards/kanmin-timeline.json").toFile());
        assertThat(dashboard.path("uid").asString()).isEqualTo("kanmin-timeline");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);
        dashboard.path("panels").forEach(panel -> assertThat(panel.path("targets").size())
                .as(panel.path("title").asString()).isPositive());
        Map<String, Object> source = map(list(map(documents(
                DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml")).getFirst()).get("datasources"))
                                                 .getFirst());
        assertThat(source.get("uid")).isEqualTo("prometheus");
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    }

    @Test
    void kubernetesPiecesNameEachOtherAndProbeRealHealth() throws IOException {
        Map<String, Map<String, Object>> byKind = new java.util.HashMap<>();
        Map<String, Object> kustomization = map(documents(DEPLOY.resolve("kubernetes/kustomization.yaml")).getFirst());
        for (Object resource : list(kustomization.get("resources"))) {
            for (Object document : documents(DEPLOY.resolve("kubernetes").resolve((String) resource))) {
                Map<String, Object> manifest = map(document);
                byKind.put(manifest.get("kind") + "/" + map(manifest.get("metadata")).get("name"), manifest);
            }
        }
        assertThat(byKind).containsKeys("Namespace/kanmin", "Deployment/kanmin-timeline", "Service/kanmin-timeline",
                                        "ConfigMap/kanmin-config", "StatefulSet/mongodb", "Service/mongodb",
                                        "PodDisruptionBudget/kanmin-timeline");

        Map<String, Object> deployment = byKind.get("Deployment/kanmin-timeline");
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(String.valueOf(container.get("envFrom"))).contains("name=kanmin-config", "name=kanmin-secrets");

        Map<String, Object> labels = map(path(deployment, "spec", "template", "metadata", "labels"));
        assertThat(map(path(byKind.get("Service/kanmin-timeline"), "spec", "selector"))).isEqualTo(labels);
        assertThat(map(path(byKind.get("PodDisruptionBudget/kanmin-timeline"), "spec", "selector", "matchLabels")))
                .isEqualTo(labels);

        map(byKind.get("ConfigMap/kanmin-config").get("data")).keySet()
                                                              .forEach(DeploymentFilesTest::assertReadByTheApplication);
        Map<String, Object> secret = map(documents(DEPLOY.resolve("kubernetes/secret.example.yaml")).getFirst());
        assertThat(map(secret.get("metadata")).get("name")).isEqualTo("kanmin-secrets");
        map(secret.get("stringData")).keySet().forEach(DeploymentFilesTest::assertReadByTheApplication);
    }

    @Test
    void theImageRunsTheLayeredJarAndChecksReadiness() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY ops/target/kanmin-timeline.jar", "jarmode=tools",
                                        "org.springframework.boot.loader.launch.JarLauncher",
                                        "/actuator/health/readiness", "USER kanmin");
    }

    /**
     * A setting given by environment is either named in application.yml ({@code ${NAME…}}) or binds, by Spring's
     * relaxed rules, to a component of a configuration record ({@code KANMIN_STORE_WRITE_CONCERN} →
     * {@code kanmin.store.write-concern}).
     */
    private static void assertReadByTheApplication(String variable) {
        if (NOT_APPLICATION_SETTINGS.contains(variable)) {
            return;
        }
        String yaml;
        try {
            yaml = Files.readString(APPLICATION_YML);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (yaml.contains("${" + variable + ":") || yaml.contains("${" + variable + "}")) {
            return;
        }
        Set<String> settings = new java.util.HashSet<>(environmentNames("KANMIN_STORE_", StoreProperties.class));
        settings.addAll(environmentNames("KANMIN_LIMITS_", settingsRecord("jp.kanmin.ops.web.ConnectionGate$Settings")));
        settings.addAll(environmentNames("KANMIN_LIMITS_", settingsRecord("jp.kanmin.ops.access.RequestLimits$Settings")));
        assertThat(settings).as(variable + " is read by the application").contains(variable);
    }

    private static Set<String> environmentNames(String prefix, Class<?> settings) {
        return Arrays.stream(settings.getRecordComponents())
                     .map(c -> prefix + c.getName().replaceAll("([A-Z])", "_$1").toUpperCase())
                     .collect(Collectors.toSet());
    }

    private static Class<?> settingsRecord(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> documents(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(file)).forEach(documents::add);
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }
}
