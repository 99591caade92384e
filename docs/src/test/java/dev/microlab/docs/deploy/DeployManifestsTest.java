package dev.microlab.docs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.docs.shop.HttpShop;
import dev.microlab.docs.shop.ShopMain;
import dev.microlab.docs.shop.ShopService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code deploy/}: every Kubernetes manifest parses, has the fields its kind needs, asks for no more
 * resources than its limits, and probes endpoints the running shop serves; the ConfigMap carries the
 * gateway's kong.yml; the Dockerfile starts a main class that exists. No cluster and no Docker engine are
 * needed (none is on the build machines).
 */
@DisplayName("deploy/: the course's Kubernetes manifests and Dockerfile, checked against the running shop")
class DeployManifestsTest {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path K8S = REPO.resolve("deploy/k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + ": " + kind() + " " + name();
        }
    }

    static List<Doc> manifests() throws IOException {
        List<Doc> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(K8S)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("manifests in %s", K8S).isNotEmpty();
        for (Path file : files) {
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
                while (it.hasNext()) {
                    JsonNode node = it.next();
                    if (node != null && !node.isNull() && !node.isEmpty()) {
                        docs.add(new Doc(file, node));
                    }
                }
            }
        }
        return docs;
    }

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    static final Map<String, String> API_VERSIONS = Map.of("Deployment", "apps/v1", "Service", "v1", "ConfigMap", "v1",
            "HorizontalPodAutoscaler", "autoscaling/v2");

    @Test
    @DisplayName("every document has a known kind, its apiVersion and a name; the four kinds of the course are there")
    void kinds() throws IOException {
        List<Doc> docs = manifests();
        for (Doc d : docs) {
            assertThat(API_VERSIONS).as("%s: kind", d).containsKey(d.kind());
            assertThat(d.node().path("apiVersion").asText()).as("%s: apiVersion", d).isEqualTo(API_VERSIONS.get(d.kind()));
            assertThat(d.name()).as("%s: metadata.name", d).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
        assertThat(docs.stream().map(Doc::kind).distinct()).containsExactlyInAnyOrderElementsOf(API_VERSIONS.keySet());
    }

    @Test
    @DisplayName("each Deployment: replicas, a selector matching its pod labels, a container port, probes on that port, requests <= limits")
    void deployments() throws IOException {
        List<Doc> deployments = ofKind(manifests(), "Deployment");
        assertThat(deployments).isNotEmpty();
        for (Doc d : deployments) {
            JsonNode spec = d.node().path("spec");
            assertThat(spec.path("replicas").asInt(0)).as("%s: spec.replicas", d).isGreaterThanOrEqualTo(1);
            JsonNode selector = spec.path("selector").path("matchLabels");
            assertThat(selector.isEmpty()).as("%s: spec.selector.matchLabels", d).isFalse();
            JsonNode labels = spec.path("template").path("metadata").path("labels");
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                assertThat(labels.path(e.getKey()).asText()).as("%s: pod label %s", d, e.getKey())
                        .isEqualTo(e.getValue().asText());
            }
            JsonNode containers = spec.path("template").path("spec").path("containers");
            assertThat(containers.size()).as("%s: containers", d).isGreaterThanOrEqualTo(1);
            for (JsonNode c : containers) {
                assertThat(c.path("image").asText()).as("%s: image", d).isNotBlank();
                List<Integer> ports = new ArrayList<>();
                c.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt(-1)));
                assertThat(ports).as("%s: containerPorts", d).isNotEmpty().allMatch(p -> p >= 1 && p <= 65535);
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    JsonNode get = c.path(probe).path("httpGet");
                    assertThat(get.path("path").asText()).as("%s: %s.httpGet.path", d, probe).startsWith("/");
                    assertThat(ports).as("%s: %s.httpGet.port is a container port", d, probe)
                            .contains(get.path("port").asInt(-1));
                }
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String r : List.of("cpu", "memory")) {
                    assertThat(requests.has(r) && limits.has(r)).as("%s: resources.requests/limits.%s", d, r).isTrue();
                    assertThat(quantity(requests.path(r).asText()))
                            .as("%s: requests.%s %s <= limits.%s %s", d, r, requests.path(r).asText(), r, limits.path(r).asText())
                            .isLessThanOrEqualTo(quantity(limits.path(r).asText()));
                }
            }
        }
    }

    /** The process a Deployment's container runs: its args, which the image's ENTRYPOINT (ShopMain) takes. */
    static String process(Doc d) {
        return d.node().path("spec").path("template").path("spec").path("containers").path(0).path("args").path(0).asText();
    }

    @Test
    @DisplayName("each Deployment runs a process ShopMain knows, named as the Deployment, with SHOP_DISCOVERY=dns")
    void deploymentsRunTheShopsProcesses() throws IOException {
        List<String> names = new ArrayList<>();
        for (Doc d : ofKind(manifests(), "Deployment")) {
            String process = process(d);
            String name = process.equals("gateway") ? "api-gateway" : ShopService.Kind.of(process).serviceName();
            assertThat(d.name()).as("%s: the Deployment of args [%s]", d, process).isEqualTo(name);
            names.add(name);
            Map<String, String> env = new HashMap<>();
            for (JsonNode e : d.node().path("spec").path("template").path("spec").path("containers").path(0).path("env")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
            assertThat(env).as("%s: env", d).containsEntry("SHOP_DISCOVERY", "dns");
            if (process.equals("gateway")) {
                JsonNode pod = d.node().path("spec").path("template").path("spec");
                String mount = pod.path("containers").path(0).path("volumeMounts").path(0).path("mountPath").asText();
                assertThat(env.get("KONG_DECLARATIVE_CONFIG")).as("%s: kong.yml in the mounted ConfigMap", d)
                        .isEqualTo(mount + "/kong.yml");
                assertThat(pod.path("volumes").path(0).path("configMap").path("name").asText())
                        .isEqualTo(ofKind(manifests(), "ConfigMap").get(0).name());
            }
        }
        assertThat(names).as("a Deployment per process of the shop")
                .containsExactlyInAnyOrder("api-gateway", "order-service", "inventory-service", "payment-service",
                        "shipping-service");
    }

    @Test
    @DisplayName("each probe's path and port answer UP on that process in the running shop; ready is 503 when a dependency goes")
    void probesHitTheRunningShop() throws Exception {
        List<Doc> deployments = ofKind(manifests(), "Deployment");
        HttpClient client = HttpClient.newHttpClient();
        try (HttpShop http = HttpShop.start(Secrets.from(Map.of("SHOP_JWT_SECRET", "deploy-test-secret-0123456789abcdef")),
                new HttpShop.Options().stock("book", 1).checkInterval(Duration.ofHours(1)))) {
            for (Doc d : deployments) {
                boolean gateway = process(d).equals("gateway");
                if (!gateway) {
                    assertThat(http.registry().passingInstances(d.name())).as("%s: a service the shop runs", d).isNotEmpty();
                }
                for (JsonNode c : d.node().path("spec").path("template").path("spec").path("containers")) {
                    for (String probe : List.of("livenessProbe", "readinessProbe")) {
                        String path = c.path(probe).path("httpGet").path("path").asText();
                        int port = c.path(probe).path("httpGet").path("port").asInt();
                        // the ports the processes listen on by default (ShopMain's PORT and ADMIN_PORT)
                        assertThat(port).as("%s: %s port", d, probe).isEqualTo(gateway ? 8100 : 8000);
                        int running = gateway ? http.adminPort() : http.port(d.name());
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + running + path)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(response.statusCode()).as("%s: GET %s (%s)", d, path, probe).isEqualTo(200);
                        // a 200 alone proves little: the JDK server matches contexts by prefix and the
                        // services answer most paths; the health endpoints answer {"status":"UP"}
                        assertThat(YAML.readTree(response.body()).path("status").asText())
                                .as("%s: GET %s (%s) is a health endpoint: %s", d, path, probe, response.body()).isEqualTo("UP");
                        assertThat(path).as("%s: %s path", d, probe)
                                .isEqualTo(probe.equals("livenessProbe") ? "/health/live" : "/health/ready");
                    }
                }
            }
            // the readiness probe is the one that reports a service that cannot serve: take its store away
            http.service("order-service").store().close();
            HttpResponse<String> notReady = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port("order-service") + "/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"store\":\"DOWN");
        }
    }

    @Test
    @DisplayName("each Service selects a Deployment's pods and targets its container port; kong.yml's upstreams use the Service ports")
    void services() throws IOException {
        List<Doc> docs = manifests();
        Map<String, Integer> containerPorts = new HashMap<>();
        Map<String, JsonNode> podLabels = new HashMap<>();
        for (Doc d : ofKind(docs, "Deployment")) {
            JsonNode template = d.node().path("spec").path("template");
            containerPorts.put(d.name(), template.path("spec").path("containers").path(0).path("ports").path(0)
                    .path("containerPort").asInt());
            podLabels.put(d.name(), template.path("metadata").path("labels"));
        }
        Map<String, Integer> servicePorts = new HashMap<>();
        for (Doc s : ofKind(docs, "Service")) {
            JsonNode selector = s.node().path("spec").path("selector");
            String target = podLabels.entrySet().stream().filter(e -> {
                boolean all = !selector.isEmpty();
                for (Map.Entry<String, JsonNode> f : selector.properties()) {
                    all &= e.getValue().path(f.getKey()).asText().equals(f.getValue().asText());
                }
                return all;
            }).map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(target).as("%s: selector %s matches a Deployment's pods", s, selector).isNotNull();
            JsonNode port = s.node().path("spec").path("ports").path(0);
            assertThat(port.path("targetPort").asInt()).as("%s: targetPort", s).isEqualTo(containerPorts.get(target));
            servicePorts.put(s.name(), port.path("port").asInt());
        }
        Matcher upstream = Pattern.compile("url: http://([a-z-]+):(\\d+)").matcher(kongYml());
        int upstreams = 0;
        while (upstream.find()) {
            upstreams++;
            assertThat(servicePorts.get(upstream.group(1))).as("Service for kong.yml's upstream %s", upstream.group())
                    .isEqualTo(Integer.parseInt(upstream.group(2)));
        }
        assertThat(upstreams).isPositive();
    }

    @Test
    @DisplayName("the ConfigMap carries the kong.yml the shop's gateway loads, and the HPA scales a Deployment")
    void configMapAndHpa() throws IOException {
        List<Doc> docs = manifests();
        List<Doc> maps = ofKind(docs, "ConfigMap");
        assertThat(maps).hasSize(1);
        assertThat(maps.get(0).node().path("data").path("kong.yml").asText()).isEqualTo(kongYml());
        List<String> deployments = ofKind(docs, "Deployment").stream().map(Doc::name).toList();
        for (Doc h : ofKind(docs, "HorizontalPodAutoscaler")) {
            JsonNode spec = h.node().path("spec");
            assertThat(spec.path("scaleTargetRef").path("kind").asText()).as("%s: scaleTargetRef.kind", h).isEqualTo("Deployment");
            assertThat(deployments).as("%s: scaleTargetRef.name", h).contains(spec.path("scaleTargetRef").path("name").asText());
            assertThat(spec.path("minReplicas").asInt(0)).as("%s: minReplicas", h).isBetween(1, spec.path("maxReplicas").asInt());
            assertThat(spec.path("metrics").isEmpty()).as("%s: metrics", h).isFalse();
        }
    }

    @Test
    @DisplayName("the Dockerfile builds a jlinked runtime whose ENTRYPOINT is ShopMain, CMD a process, EXPOSE both ports")
    void dockerfile() throws Exception {
        String dockerfile = Files.readString(REPO.resolve("deploy/Dockerfile"));
        assertThat(dockerfile).contains("jlink ").contains("jdk.httpserver").contains("java.net.http");
        List<String> entrypoint = execForm(dockerfile, "ENTRYPOINT");
        int main = entrypoint.indexOf("-cp") + 2;
        assertThat(main).as("java -cp <path> <main class> in %s", entrypoint).isGreaterThan(1);
        assertThat(main).as("the main class ends the ENTRYPOINT; the process comes from CMD or args").isEqualTo(entrypoint.size() - 1);
        Class<?> mainClass = Class.forName(entrypoint.get(main));
        assertThat(mainClass.getMethod("main", String[].class)).isNotNull();
        assertThat(mainClass).isEqualTo(ShopMain.class);
        assertThat(Files.exists(REPO.resolve("docs/src/main/java/" + entrypoint.get(main).replace('.', '/') + ".java"))).isTrue();
        assertThat(execForm(dockerfile, "CMD")).containsExactly("gateway");
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.*)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        assertThat(expose.group(1).trim().split("\\s+")).as("EXPOSE: ShopMain's PORT and the gateway's ADMIN_PORT")
                .containsExactlyInAnyOrder("8000", "8100");
        for (Doc d : ofKind(manifests(), "Deployment")) {
            assertThat(d.node().path("spec").path("template").path("spec").path("containers").path(0).path("image").asText())
                    .as("%s: the image the Dockerfile builds", d).isEqualTo("microlab/shop:0.1.0");
        }
        assertThat(dockerfile).contains("-t microlab/shop:0.1.0");
    }

    static List<String> execForm(String dockerfile, String instruction) {
        Matcher m = Pattern.compile("(?m)^" + instruction + " \\[(.*)]$").matcher(dockerfile);
        assertThat(m.find()).as("an exec-form %s", instruction).isTrue();
        List<String> args = new ArrayList<>();
        Matcher arg = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (arg.find()) {
            args.add(arg.group(1));
        }
        return args;
    }

    static String kongYml() throws IOException {
        try (InputStream in = HttpShop.class.getResourceAsStream(HttpShop.KONG_YML)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A Kubernetes quantity (250m, 0.5, 256Mi, 1Gi, 512M) in its base unit, for comparing requests and limits. */
    static double quantity(String q) {
        Matcher m = Pattern.compile("([0-9.]+)([a-zA-Z]*)").matcher(q.trim());
        assertThat(m.matches()).as("a Kubernetes quantity: '%s'", q).isTrue();
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "" -> v;
            case "m" -> v / 1000;
            case "k" -> v * 1e3;
            case "M" -> v * 1e6;
            case "G" -> v * 1e9;
            case "Ki" -> v * 1024;
            case "Mi" -> v * 1024 * 1024;
            case "Gi" -> v * 1024 * 1024 * 1024;
            default -> throw new AssertionError("unknown unit in '" + q + "'");
        };
    }
}
