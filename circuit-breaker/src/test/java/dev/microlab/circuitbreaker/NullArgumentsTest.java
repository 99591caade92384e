package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.event.EventListener;
import dev.microlab.core.function.CheckedFunction;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Walks every public method and constructor of every public class of the module's API package
 * (builders, factories, the breaker, the registry, the stack) and calls it once per reference
 * parameter with that parameter null and valid values elsewhere: each must throw a
 * NullPointerException saying {@code "<method>: <parameter> must not be null"}.
 */
@DisplayName("null arguments")
class NullArgumentsTest {

    /** Parameters documented as nullable: method name and parameter index. */
    private static final Set<String> NULLABLE = Set.of("onResult#1", "equals#0");

    private static final Map<Class<?>, Supplier<Object>> SAMPLES = Map.ofEntries(
            Map.entry(String.class, () -> "sample"),
            Map.entry(Duration.class, () -> Duration.ofSeconds(1)),
            Map.entry(Predicate.class, () -> (Predicate<Object>) x -> false),
            Map.entry(Class[].class, () -> new Class<?>[] {IOException.class}),
            Map.entry(SlidingWindowType.class, () -> SlidingWindowType.COUNT_BASED),
            Map.entry(CircuitBreakerConfig.class, CircuitBreakerConfig::ofDefaults),
            Map.entry(TimeSource.class, TimeSource::system),
            Map.entry(Scheduler.class, () -> new ManualScheduler(new ManualTimeSource())),
            Map.entry(Policy.class, () -> CircuitBreaker.ofDefaults("policy")),
            Map.entry(PolicyStack.Layer.class, () -> PolicyStack.Layer.RETRY),
            Map.entry(PolicyStack.Layer[].class, () -> PolicyStack.DEFAULT_ORDER.toArray(new PolicyStack.Layer[0])),
            Map.entry(CircuitBreaker.State.class, () -> CircuitBreaker.State.OPEN),
            Map.entry(EventListener.class, () -> (EventListener<Object>) e -> { }),
            Map.entry(CheckedSupplier.class, () -> (CheckedSupplier<Object>) () -> "ok"),
            Map.entry(CheckedFunction.class, () -> (CheckedFunction<Object, Object>) e -> "fallback"),
            Map.entry(Supplier.class, () -> (Supplier<Object>) () -> CompletableFuture.completedFuture("ok")),
            Map.entry(Callable.class, () -> (Callable<Object>) () -> "ok"),
            Map.entry(Runnable.class, () -> (Runnable) () -> { }),
            Map.entry(Function.class, () -> (Function<Object, Object>) x -> x),
            Map.entry(Throwable.class, () -> new IOException("sample")),
            Map.entry(Object.class, () -> "sample"));

    /** A fresh receiver for each instance method's class. */
    private static final Map<Class<?>, Supplier<Object>> RECEIVERS = Map.of(
            CircuitBreaker.class, () -> CircuitBreaker.ofDefaults("receiver"),
            CircuitBreaker.Builder.class, () -> CircuitBreaker.builder("receiver"),
            CircuitBreakerConfig.class, CircuitBreakerConfig::ofDefaults,
            CircuitBreakerConfig.Builder.class, CircuitBreakerConfig::builder,
            CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults,
            CircuitBreakerRegistry.Builder.class, CircuitBreakerRegistry::builder,
            PolicyStack.class, () -> PolicyStack.builder("receiver").build(),
            PolicyStack.Builder.class, () -> PolicyStack.builder("receiver"),
            CallNotPermittedException.class, () -> new CallNotPermittedException("receiver", CircuitBreaker.State.OPEN,
                    false),
            CircuitBreakerMetrics.class, () -> CircuitBreaker.ofDefaults("receiver").metrics());

    @Test
    @DisplayName("every public method and constructor rejects a null argument with a message naming method and parameter")
    void everyPublicMethodRejectsNull() throws Exception {
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            List<Executable> executables = new ArrayList<>();
            Stream.of(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                    .forEach(executables::add);
            Stream.of(type.getDeclaredConstructors()).filter(c -> Modifier.isPublic(c.getModifiers()))
                    .forEach(executables::add);
            for (Executable executable : executables) {
                String name = executable instanceof Constructor<?> ? type.getSimpleName() : executable.getName();
                Class<?>[] parameters = executable.getParameterTypes();
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i].isPrimitive() || NULLABLE.contains(name + "#" + i)) {
                        continue;
                    }
                    String label = type.getSimpleName() + "." + name + " argument " + i + " ("
                            + parameters[i].getSimpleName() + ")";
                    checked.add(label);
                    Throwable thrown = invokeWithNullAt(type, executable, i);
                    String pattern = name + ": [a-zA-Z]+ must not be null";
                    if (!(thrown instanceof NullPointerException) || thrown.getMessage() == null
                            || !thrown.getMessage().matches(pattern)) {
                        wrong.add(label + " -> " + thrown);
                    }
                }
            }
        }
        assertThat(checked).as("the walk found the builders' methods").anyMatch(s -> s.startsWith("Builder.recordException "));
        assertThat(checked).as("the walk found the breaker's methods").anyMatch(s -> s.startsWith("CircuitBreaker.executeSupplier "));
        assertThat(wrong).as("calls with a null argument that did not throw NPE('<method>: <parameter> must not be null')")
                .isEmpty();
    }

    private static Throwable invokeWithNullAt(Class<?> type, Executable executable, int nullIndex) throws Exception {
        Class<?>[] parameters = executable.getParameterTypes();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = i == nullIndex ? null : sample(parameters[i]);
        }
        try {
            if (executable instanceof Constructor<?> constructor) {
                constructor.newInstance(arguments);
            } else {
                Method method = (Method) executable;
                Object receiver = Modifier.isStatic(method.getModifiers()) ? null : receiver(type);
                method.invoke(receiver, arguments);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == float.class) {
            return 50f;
        }
        if (type == double.class) {
            return 2.0;
        }
        if (type == boolean.class) {
            return false;
        }
        Supplier<Object> sample = SAMPLES.get(type);
        if (sample == null) {
            fail("no sample value for parameter type " + type.getName() + ": add one to SAMPLES");
        }
        return sample.get();
    }

    private static Object receiver(Class<?> type) {
        Supplier<Object> receiver = RECEIVERS.get(type);
        if (receiver == null) {
            fail("no receiver for " + type.getName() + ": add one to RECEIVERS");
        }
        return receiver.get();
    }

    /** The public, non-enum, non-interface classes of the API package (and their public nested classes). */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path directory = Path.of(CircuitBreaker.class.getResource("CircuitBreaker.class").toURI()).getParent();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(CircuitBreaker.class.getPackageName() + "." + simple);
                boolean nestedInPrivate = type.getEnclosingClass() != null
                        && !Modifier.isPublic(type.getEnclosingClass().getModifiers());
                if (Modifier.isPublic(type.getModifiers()) && !nestedInPrivate && !type.isInterface() && !type.isEnum()
                        && !type.isRecord() && !type.isAnonymousClass()) {
                    classes.add(type);
                }
            }
        }
        assertThat(classes).as("API classes found").contains(CircuitBreakerConfig.Builder.class, PolicyStack.class);
        return classes;
    }
}
