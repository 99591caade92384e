package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every public method of every builder of the module, called with {@code null} in each reference
 * parameter in turn, throws a {@link NullPointerException} whose message names that parameter (the
 * module is compiled with {@code -parameters}, so reflection knows the names).
 */
@DisplayName("null arguments to builder methods are refused with the parameter named")
class NullArgumentsTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).build();

    private List<Supplier<Object>> builders() {
        HealthProbe probe = () -> CompletableFuture.completedFuture(HealthStatus.PASSING);
        return List.of(
                ServiceRegistry::builder,
                OutlierDetector::builder,
                OutlierDetectionConfig::builder,
                () -> ServiceClient.builder(registry, "svc"),
                () -> ServiceInstance.builder("svc", "id"),
                () -> HealthCheck.active("h", probe),
                () -> HealthCheck.ttl("t", Duration.ofSeconds(1)),
                TrafficRouter::builder,
                Route::always);
    }

    @Test
    @DisplayName("every public builder method names the null parameter")
    void everyBuilderMethod() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Supplier<Object> factory : builders()) {
            Class<?> type = factory.get().getClass();
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() != type || Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                Parameter[] parameters = method.getParameters();
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i].getType().isPrimitive()) {
                        continue;
                    }
                    Object[] args = new Object[parameters.length];
                    for (int k = 0; k < parameters.length; k++) {
                        args[k] = k == i ? null : sample(parameters[k].getType());
                    }
                    String where = type.getSimpleName() + "." + method.getName() + "(" + parameters[i].getName() + ")";
                    checked++;
                    try {
                        method.invoke(factory.get(), args);
                        problems.add(where + ": accepted null");
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        if (!(cause instanceof NullPointerException)
                                || cause.getMessage() == null
                                || !cause.getMessage().startsWith(parameters[i].getName() + " must not be null")) {
                            problems.add(where + ": threw " + cause);
                        }
                    }
                }
            }
        }
        assertThat(checked).as("parameters checked").isGreaterThan(30);
        assertThat(problems).as("builder methods whose null message does not name the parameter").isEmpty();
    }

    private Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 1.0;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (type == Map.class) {
            return Map.of("k", "v");
        }
        if (type == TimeSource.class) {
            return time;
        }
        if (type == Scheduler.class) {
            return new ManualScheduler(time);
        }
        if (type == RandomGenerator.class) {
            return new Random(1);
        }
        if (type == HealthStatus.class) {
            return HealthStatus.PASSING;
        }
        if (type == OutlierDetectionConfig.class) {
            return OutlierDetectionConfig.ofDefaults();
        }
        if (type == OutlierDetector.class) {
            return OutlierDetector.ofDefaults();
        }
        if (type == TrafficRouter.class) {
            return TrafficRouter.builder().build();
        }
        if (type == ConnectionPoolSettings.class) {
            return ConnectionPoolSettings.failFast(1);
        }
        if (type == InFlightRequests.class) {
            return new InFlightRequests();
        }
        if (type == Route.class) {
            return Route.always().to("x");
        }
        if (type == Route.Builder.class) {
            return Route.always();
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        if (type.isInterface()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> null);
        }
        throw new AssertionError("no sample value for " + type + ": add one to NullArgumentsTest");
    }
}
