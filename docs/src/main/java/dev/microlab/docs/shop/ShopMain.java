package dev.microlab.docs.shop;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.observability.MicrolabTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one of the shop's processes: {@code ShopMain order|inventory|payment|shipping|gateway}.
 * What a container's command is (deploy/Dockerfile), and what {@code run shop --http} starts once
 * per service, each in its own JVM.
 *
 * <p>Settings, each a flag or an environment variable (the flag wins):
 * <ul>
 *   <li>{@code --port} / {@code PORT}: the HTTP port (default 8000; the gateway's proxy port);</li>
 *   <li>{@code --admin-port} / {@code ADMIN_PORT}: the gateway's admin listener (default 8100);</li>
 *   <li>{@code --bind} / {@code BIND}: the address to listen on (default 0.0.0.0);</li>
 *   <li>{@code --discovery} / {@code SHOP_DISCOVERY}: {@code registry} (default: services register
 *       with the gateway's registry) or {@code dns} (Kubernetes: peers are Service names);</li>
 *   <li>{@code --registry} / {@code SHOP_REGISTRY_URL}: the registry (default http://127.0.0.1:8100);</li>
 *   <li>{@code --advertise} / {@code SHOP_ADVERTISED_HOST}: the host a service registers (default: the
 *       bind address, or {@code HOSTNAME} when bound to 0.0.0.0);</li>
 *   <li>{@code SHOP_STOCK} ({@code book=100,pen=5}) and {@code SHOP_WALLETS} ({@code alice=10000}):
 *       the inventory's and the payment service's starting data (defaults: {@code book=100};
 *       {@code alice=10000,bob=500});</li>
 *   <li>{@code KONG_DECLARATIVE_CONFIG}: a kong.yml file for the gateway (Kong's variable; default
 *       the shop's own); {@code SHOP_JWT_SECRET} or {@code SHOP_JWT_SECRET_FILE}: its JWT secret;</li>
 *   <li>{@code SHOP_SPANS_FILE}: trace every request and call, and append the finished spans to this
 *       file, one JSON line each ({@link SpanFile});</li>
 *   <li>{@code --exit-with-parent}: exit when standard input ends — how {@code run shop --http}
 *       makes sure no child outlives it, even when it is killed.</li>
 * </ul>
 * Stops cleanly (deregisters, closes its stores) on SIGTERM or Ctrl-C.
 */
public final class ShopMain {

    private ShopMain() {
    }

    /** Starts the process named by {@code args[0]} and serves until it is stopped. */
    public static void main(String[] args) throws Exception {
        int code = run(args, System.getenv(), System.in);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int run(String[] args, Map<String, String> env, InputStream stdin) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ShopMain order|inventory|payment|shipping|gateway [--port N] [--admin-port N]"
                    + " [--bind ADDRESS] [--discovery registry|dns] [--registry URL] [--advertise HOST] [--exit-with-parent]");
            return 2;
        }
        Map<String, String> flags = new HashMap<>();
        boolean exitWithParent = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--exit-with-parent")) {
                exitWithParent = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("unknown argument '" + args[i] + "'");
                return 2;
            }
        }
        String bind = setting(flags, env, "bind", "BIND", "0.0.0.0");
        int port = Integer.parseInt(setting(flags, env, "port", "PORT", "8000"));
        String discovery = setting(flags, env, "discovery", "SHOP_DISCOVERY", "registry");
        if (!discovery.equals("registry") && !discovery.equals("dns")) {
            System.err.println("discovery must be 'registry' or 'dns', but was '" + discovery + "'");
            return 2;
        }
        String what = args[0];
        SdkTracerProvider spans = null;
        MicrolabTracing tracing = null;
        if (env.get("SHOP_SPANS_FILE") != null) {
            String service = what.equals("gateway") ? "api-gateway" : ShopService.Kind.of(what).serviceName();
            spans = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(
                    new SpanFile(Path.of(env.get("SHOP_SPANS_FILE")), service))).build();
            tracing = MicrolabTracing.of(OpenTelemetrySdk.builder().setTracerProvider(spans).build());
        }
        AutoCloseable process;
        if (what.equals("gateway")) {
            ShopGateway.Options o = new ShopGateway.Options().secrets(Secrets.from(env))
                    .proxy(new InetSocketAddress(bind, port))
                    .admin(new InetSocketAddress(bind, Integer.parseInt(setting(flags, env, "admin-port", "ADMIN_PORT",
                            "8100"))))
                    .discovery(discovery.equals("dns") ? ShopGateway.Discovery.DNS : ShopGateway.Discovery.REGISTRY);
            if (env.get("KONG_DECLARATIVE_CONFIG") != null) {
                o.kongYml(Path.of(env.get("KONG_DECLARATIVE_CONFIG")));
            }
            if (tracing != null) {
                o.tracing(tracing);
            }
            ShopGateway gateway = ShopGateway.start(o);
            System.out.println("api-gateway: proxy on port " + gateway.port() + ", admin on port " + gateway.adminPort());
            process = gateway;
        } else {
            ShopService.Kind kind;
            try {
                kind = ShopService.Kind.of(what);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage() + ", or gateway");
                return 2;
            }
            ShopService.Options o = new ShopService.Options().bind(new InetSocketAddress(bind, port));
            if (discovery.equals("registry")) {
                o.registry(URI.create(setting(flags, env, "registry", "SHOP_REGISTRY_URL", "http://127.0.0.1:8100")));
            }
            String advertised = setting(flags, env, "advertise", "SHOP_ADVERTISED_HOST", "");
            if (!advertised.isEmpty()) {
                o.advertisedHost(advertised);
            }
            if (env.get("SHOP_PEER_PORT") != null) {
                o.peerPort(Integer.parseInt(env.get("SHOP_PEER_PORT")));
            }
            pairs(env.getOrDefault("SHOP_STOCK", "book=100"), "SHOP_STOCK")
                    .forEach((sku, n) -> o.stock(sku, Math.toIntExact(n)));
            pairs(env.getOrDefault("SHOP_WALLETS", "alice=10000,bob=500"), "SHOP_WALLETS").forEach(o::wallet);
            if (tracing != null) {
                o.tracing(tracing);
            }
            ShopService service = ShopService.start(kind, o);
            System.out.println(kind.serviceName() + " (" + service.instanceId() + ") serving on port " + service.port());
            process = service;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        SdkTracerProvider provider = spans;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                process.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
            if (provider != null) {
                provider.close();
            }
            stopped.countDown();
        }, "microlab-shop-stop"));
        if (exitWithParent) {
            Thread watch = new Thread(() -> {
                try {
                    while (stdin.read() >= 0) {
                        // the parent writes nothing; end of input means it is gone
                    }
                } catch (IOException e) {
                    // a broken pipe is the same news
                }
                System.out.println(what + ": the parent process is gone, stopping");
                System.exit(0);
            }, "microlab-parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        stopped.await();
        return 0;
    }

    private static String setting(Map<String, String> flags, Map<String, String> env, String flag, String variable,
            String otherwise) {
        String value = flags.get(flag);
        if (value == null) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** {@code a=1,b=2} as a map; a malformed pair is an error naming {@code variable}. */
    static Map<String, Long> pairs(String text, String variable) {
        Map<String, Long> result = new java.util.LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            try {
                result.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            } catch (RuntimeException e) {
                errors.add("'" + pair + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(variable + " must be name=number pairs separated by commas, e.g."
                    + " book=100,pen=5; bad: " + String.join(", ", errors));
        }
        return result;
    }
}
