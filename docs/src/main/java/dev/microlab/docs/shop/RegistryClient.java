package dev.microlab.docs.shop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A service's side of the shop's registry, which the gateway process serves over a subset of
 * Consul's HTTP API ({@link ShopGateway}): register this instance with an HTTP check on its
 * {@code /health/ready}, deregister it on a clean stop, and fetch other services' passing instances
 * into a local {@link ServiceRegistry} that {@link dev.microlab.registry.ServiceClient}s balance over
 * (as a Eureka client keeps a local copy of the registry and fetches it again).
 *
 * <pre>{@code
 * RegistryClient registry = new RegistryClient(URI.create("http://127.0.0.1:8100"), HttpClient.newHttpClient());
 * registry.register("inventory-service", "inventory-service-1", "127.0.0.1", 8081);
 * registry.mirror(local, "inventory-service");
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class RegistryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient client;

    /** A client of the registry at {@code base} (the gateway's admin listener). */
    public RegistryClient(URI base, HttpClient client) {
        this.base = Objects.requireNonNull(base, "base must not be null");
        this.client = Objects.requireNonNull(client, "client must not be null");
    }

    /** The registry's address. */
    public URI base() {
        return base;
    }

    /**
     * Registers {@code id} of {@code service} at {@code host:port}, checked by an HTTP GET of its
     * {@code /health/ready}.
     *
     * @throws IOException if the registry cannot be reached or refuses (its message included)
     */
    public void register(String service, String id, String host, int port) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("ID", id, "Name", service, "Address", host, "Port", port,
                "Check", Map.of("HTTP", "http://" + host + ":" + port + "/health/ready",
                        "DeregisterCriticalServiceAfter", "1m"));
        send(HttpRequest.newBuilder(base.resolve("/v1/agent/service/register"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ShopHttp.JSON.writeValueAsBytes(body))));
    }

    /** Removes {@code id} from the registry. */
    public void deregister(String id) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("/v1/agent/service/deregister/" + id))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** The instances of {@code service}, passing only or all. */
    public List<ServiceInstance> instances(String service, boolean passingOnly) throws IOException, InterruptedException {
        JsonNode entries = ShopHttp.JSON.readTree(send(HttpRequest.newBuilder(
                base.resolve("/v1/health/service/" + service + (passingOnly ? "?passing" : ""))).GET()));
        List<ServiceInstance> instances = new ArrayList<>();
        for (JsonNode e : entries) {
            JsonNode s = e.path("Service");
            instances.add(ServiceInstance.of(s.path("Service").asText(), s.path("ID").asText(), s.path("Address").asText(),
                    s.path("Port").asInt()));
        }
        return instances;
    }

    /**
     * Makes {@code local}'s instances of {@code service} those passing in the registry now. When the
     * registry cannot be reached, {@code local} keeps what it had (a Eureka client's cached view).
     *
     * @return whether the registry answered
     */
    public boolean mirror(ServiceRegistry local, String service) throws InterruptedException {
        List<ServiceInstance> passing;
        try {
            passing = instances(service, true);
        } catch (IOException e) {
            return false;
        }
        Set<String> ids = new HashSet<>();
        for (ServiceInstance i : passing) {
            ids.add(i.instanceId());
            if (!local.instances(service).contains(i)) {
                local.register(Registration.of(i).withoutLease());
            }
        }
        for (ServiceInstance i : local.instances(service)) {
            if (!ids.contains(i.instanceId())) {
                local.deregister(service, i.instanceId());
            }
        }
        return true;
    }

    private byte[] send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request.timeout(TIMEOUT).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("the registry at " + base + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }
}
