package dev.microlab.docs.shop.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies consumers' {@link Interaction}s against a provider's real implementation: the
 * provider's half of consumer-driven contract testing, in-process.
 *
 * <p>For each interaction: the api has the operation; the consumer's request JSON binds to the
 * operation's current request record (unknown fields and missing components fail, as a strict
 * JSON endpoint would); the provider, called with it, answers without error; and every field the
 * consumer reads is in the answer with the stated JSON type. Each failure names the interaction
 * and what broke.
 *
 * <p>Why not Pact JVM or Spring Cloud Contract: both verify a provider over HTTP (or, for
 * messages, a JSON body produced by the provider), and the shop's services are Java interfaces
 * called in one JVM. This is the same idea — the consumer states the minimum it needs, the
 * provider's build replays it against the real code — without a transport to mock.
 */
public final class ContractVerifier {

    /** The JSON types a field may be declared with. */
    public static final Set<String> JSON_TYPES = Set.of("string", "number", "boolean", "object", "array");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ContractVerifier() {
    }

    /** The problems of {@code interaction} against {@code provider}; empty when it holds. */
    public static List<String> verify(Interaction interaction, Object provider) {
        List<String> problems = new ArrayList<>();
        Method operation = null;
        for (Method m : interaction.providerApi().getMethods()) {
            if (m.getName().equals(interaction.operation()) && m.getParameterCount() == 1) {
                operation = m;
            }
        }
        if (operation == null) {
            problems.add(interaction.name() + ": " + interaction.providerApi().getSimpleName()
                    + " has no operation '" + interaction.operation() + "' taking one request");
            return problems;
        }
        Object request;
        try {
            request = JSON.readValue(interaction.requestJson(), operation.getParameterTypes()[0]);
        } catch (JacksonException e) {
            problems.add(interaction.name() + ": the consumer's request does not bind to "
                    + operation.getParameterTypes()[0].getSimpleName() + ": " + e.getOriginalMessage());
            return problems;
        }
        Object answer;
        try {
            answer = operation.invoke(provider, request);
        } catch (InvocationTargetException e) {
            problems.add(interaction.name() + ": the provider refused the consumer's request: " + e.getCause());
            return problems;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        Object value = answer instanceof Optional<?> o ? o.orElse(null) : answer;
        for (Map.Entry<String, String> field : interaction.fieldsRead().entrySet()) {
            if (value == null) {
                problems.add(interaction.name() + ": the answer is empty, but the consumer reads '" + field.getKey() + "'");
                continue;
            }
            Optional<Object> read = component(value, field.getKey());
            if (read == null) {
                problems.add(interaction.name() + ": the answer (" + value.getClass().getSimpleName()
                        + ") has no field '" + field.getKey() + "' the consumer reads");
            } else if (!field.getValue().equals(jsonType(read.orElse(null)))) {
                problems.add(interaction.name() + ": field '" + field.getKey() + "' is a JSON "
                        + jsonType(read.orElse(null)) + ", but the consumer reads a " + field.getValue());
            }
        }
        return problems;
    }

    /** The record component's value (empty for null), or null when there is no such component. */
    private static Optional<Object> component(Object value, String name) {
        if (!value.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return Optional.ofNullable(c.getAccessor().invoke(value));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    /** The JSON type a value is written as. */
    static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof TemporalAccessor) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return "array";
        }
        return "object";
    }
}
