package dev.microlab.docs.shop;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microlab.registry.ServiceInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the shop's services talk over HTTP: JSON replies, and a small RPC over HTTP for the calls
 * the order saga makes between services ({@code POST /rpc/<method>} with the command as the JSON
 * body, the result as the JSON answer).
 *
 * <p>Status codes carry what {@link dev.microlab.docs.shop.order.internal.Remote} needs to tell
 * an answer from a failure: 200 (a result; 404 for an empty {@code Optional}, 204 for
 * {@code void}), 409 (a business refusal: the exception of the service's {@code api} package,
 * named in {@code error}, rebuilt on the caller's side), 400 (a bad command). Anything else — a
 * 5xx, a refused connection, a timeout — reaches the caller as an {@link UncheckedIOException}:
 * no answer, worth a retry, held against the instance.
 *
 * <pre>{@code
 * ShopHttp.serveRpc(server, InventoryService.class, ledger);
 * InventoryService remote = ShopHttp.rpcClient(InventoryService.class, instance, client, Duration.ofSeconds(2), b -> { });
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class ShopHttp {

    /** The JSON mapper of the shop's HTTP: records, and {@link Instant}s as ISO-8601 strings. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
                                throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            return Instant.parse(p.getValueAsString());
                        }
                    }));

    /** The path prefix of the RPC endpoints. */
    public static final String RPC = "/rpc/";

    private ShopHttp() {
    }

    /** Answers {@code exchange} with {@code status} and {@code body} as JSON, and closes it. */
    public static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        try (exchange) {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Serves every method of {@code api} on {@code server} as {@code POST /rpc/<method>}, calling
     * {@code target}. The methods of {@code api} must have distinct names and at most one parameter.
     *
     * @return the context, to add filters to
     */
    public static <T> HttpContext serveRpc(HttpServer server, Class<T> api, T target) {
        Objects.requireNonNull(server, "server must not be null");
        Objects.requireNonNull(api, "api must not be null");
        Objects.requireNonNull(target, "target must not be null");
        return server.createContext(RPC, ex -> {
            String name = ex.getRequestURI().getPath().substring(RPC.length());
            Method method = method(api, name);
            if (method == null) {
                reply(ex, 404, Map.of("message", "no operation '" + name + "' on " + api.getSimpleName()));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, Map.of("message", "use POST " + RPC + name));
                return;
            }
            Object[] args;
            try (InputStream in = ex.getRequestBody()) {
                args = method.getParameterCount() == 0 ? new Object[0]
                        : new Object[] {JSON.readValue(in, method.getParameterTypes()[0])};
            } catch (JacksonException e) {
                reply(ex, 400, Map.of("message", "body must be a " + method.getParameterTypes()[0].getSimpleName()
                        + ": " + e.getOriginalMessage()));
                return;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException && cause.getClass().getPackageName().equals(api.getPackageName())) {
                    reply(ex, 409, Map.of("error", cause.getClass().getSimpleName(), "message",
                            String.valueOf(cause.getMessage())));
                } else if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                    reply(ex, 400, Map.of("message", String.valueOf(cause.getMessage())));
                } else {
                    reply(ex, 500, Map.of("message", "internal error: " + cause.getClass().getSimpleName()));
                }
                return;
            } catch (IllegalAccessException e) {
                reply(ex, 500, Map.of("message", "internal error"));
                return;
            }
            if (method.getReturnType() == void.class) {
                ex.sendResponseHeaders(204, -1);
                ex.close();
            } else if (result instanceof Optional<?> optional) {
                if (optional.isPresent()) {
                    reply(ex, 200, optional.get());
                } else {
                    reply(ex, 404, Map.of("message", "none"));
                }
            } else {
                reply(ex, 200, result);
            }
        });
    }

    private static Method method(Class<?> api, String name) {
        for (Method m : api.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() <= 1) {
                return m;
            }
        }
        return null;
    }

    /**
     * An {@code api} whose calls go to {@code instance} over HTTP ({@code POST /rpc/<method>}),
     * each with {@code timeout} and with the headers {@code headers} adds (correlation id, trace
     * context).
     */
    public static <T> T rpcClient(Class<T> api, ServiceInstance instance, HttpClient client, Duration timeout,
            Consumer<HttpRequest.Builder> headers) {
        Objects.requireNonNull(api, "api must not be null");
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        Objects.requireNonNull(headers, "headers must not be null");
        String base = "http://" + instance.host() + ":" + instance.port() + RPC;
        String id = instance.instanceId();
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "http-endpoint[" + id + "]";
                    case "hashCode" -> System.identityHashCode(p);
                    default -> p == args[0];
                };
            }
            byte[] body = args == null || args.length == 0 ? "{}".getBytes() : JSON.writeValueAsBytes(args[0]);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + method.getName())).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.accept(request);
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(id + " did not answer " + method.getName() + ": " + e, e);
            }
            return answer(api, method, id, response);
        });
        return api.cast(proxy);
    }

    private static Object answer(Class<?> api, Method method, String id, HttpResponse<byte[]> response)
            throws IOException {
        int status = response.statusCode();
        boolean optional = method.getReturnType() == Optional.class;
        if (status == 204 && method.getReturnType() == void.class) {
            return null;
        }
        if (status == 404 && optional) {
            return Optional.empty();
        }
        if (status == 200) {
            Type type = method.getGenericReturnType();
            if (optional) {
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                return Optional.of(JSON.readValue(response.body(), JSON.constructType(element)));
            }
            JavaType javaType = JSON.constructType(type);
            return JSON.readValue(response.body(), javaType);
        }
        Map<?, ?> error = parse(response.body());
        String message = String.valueOf(error.get("message"));
        if (status == 409 && error.get("error") instanceof String name) {
            throw refusal(api, name, message);
        }
        if (status == 400) {
            throw new IllegalArgumentException(id + " refused " + method.getName() + ": " + message);
        }
        throw new UncheckedIOException(new IOException(id + " answered " + method.getName() + " with HTTP " + status
                + ": " + message));
    }

    private static Map<?, ?> parse(byte[] body) {
        try {
            Object value = JSON.readValue(body, Object.class);
            return value instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException e) {
            return Map.of("message", new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The api package's exception {@code name}, rebuilt from its message (its {@code (String)} constructor). */
    private static RuntimeException refusal(Class<?> api, String name, String message) {
        try {
            Class<?> type = Class.forName(api.getPackageName() + "." + name, false, api.getClassLoader());
            if (RuntimeException.class.isAssignableFrom(type)) {
                return (RuntimeException) type.getConstructor(String.class).newInstance(message);
            }
        } catch (ReflectiveOperationException e) {
            // falls through: a refusal this caller does not know
        }
        return new IllegalStateException(name + ": " + message);
    }
}
