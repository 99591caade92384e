package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Walks every public method of the saga builders and calls it with null for each reference
 * parameter in turn: each must be refused at once with a NullPointerException whose message
 * names what was null ("name must not be null"), never the JVM's own message.
 */
class NullArgumentsTest {

    static List<String> violations(Supplier<?> freshBuilder) throws Exception {
        List<String> violations = new ArrayList<>();
        Class<?> type = freshBuilder.get().getClass();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            for (int i = 0; i < params.length; i++) {
                if (params[i].isPrimitive()) {
                    continue;
                }
                Object[] args = new Object[params.length];
                for (int j = 0; j < params.length; j++) {
                    args[j] = j == i ? null : sample(params[j]);
                }
                String call = type.getSimpleName() + "." + m.getName() + " (null argument #" + (i + 1) + ")";
                try {
                    m.invoke(freshBuilder.get(), args);
                    violations.add(call + " accepted null");
                } catch (InvocationTargetException e) {
                    Throwable t = e.getCause();
                    String message = t.getMessage();
                    if (!(t instanceof NullPointerException) || message == null
                            || !message.matches("[A-Za-z].* must not be null")) {
                        violations.add(call + " threw " + t);
                    }
                }
            }
        }
        return violations;
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "x";
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == java.time.Duration.class) {
            return java.time.Duration.ofSeconds(1);
        }
        return null;
    }

    @Test
    @DisplayName("every public method of the saga builders refuses null naming the parameter")
    void buildersRefuseNullNamingTheParameter() throws Exception {
        SagaDefinition<OrderData> definition = new Harness().definition();
        List<String> violations = new ArrayList<>();
        violations.addAll(violations(() -> SagaOrchestrator.builder(InMemoryEventStore.create())));
        violations.addAll(violations(() -> SagaDefinition.builder("s", OrderData.class)));
        violations.addAll(violations(() -> SagaDefinition.builder("s", OrderData.class).step("a")));
        assertThat(definition).isNotNull();
        assertThat(violations).as("methods that do not refuse null with a named message").isEmpty();
    }
}
