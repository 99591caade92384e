package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.cqrs.ProjectionCrashChild.Totals;
import dev.microlab.cqrs.testdomain.Order;
import dev.microlab.cqrs.testdomain.OrderEvent;
import dev.microlab.cqrs.testdomain.OrderEventTypes;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Walks every public method of the cqrs builders and calls it with null for each reference
 * parameter in turn: each must be refused at once with a NullPointerException whose message
 * names what was null ("name must not be null"), never the JVM's own message.
 */
class NullArgumentsTest {

    private static List<String> violations(Supplier<?> freshBuilder) throws Exception {
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
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }

    @Test
    @DisplayName("every public method of the cqrs builders refuses null naming the parameter")
    void buildersRefuseNullNamingTheParameter() throws Exception {
        InMemoryEventStore store = InMemoryEventStore.create();
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        List<String> violations = new ArrayList<>();
        violations.addAll(violations(() -> AggregateRepository.builder("order", OrderEvent.class, Order::new, store,
                serializer)));
        violations.addAll(violations(CommandBus::builder));
        violations.addAll(violations(ConflictRetryInterceptor::builder));
        violations.addAll(violations(() -> Projection.builder("p", store, serializer,
                InMemoryProjectionStore.factory(Totals.ZERO))));
        violations.addAll(violations(() -> FileProjectionStore.builder(Path.of("unused"), Totals.class, Totals.ZERO)));
        assertThat(violations).as("methods that do not refuse null with a named message").isEmpty();
    }
}
