package dev.microlab.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.bulkhead.BulkheadConfig;
import dev.microlab.core.ratelimiter.RateLimiterConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryConfig;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import dev.microlab.core.timeout.TimeLimiterConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every public builder method of patterns-core by reflection — each {@code Builder}'s
 * setters, every public static factory ({@code builder}, {@code of}, {@code ofDefaults}, the
 * {@link Backoff} factories …) and the public constructors of the configs — and passes null for each reference parameter in turn: the
 * method must throw a {@link NullPointerException} whose message names that parameter.
 */
@DisplayName("Every public builder method of patterns-core rejects null naming the parameter")
class NullArgumentsTest {

    private static final ManualTimeSource TIME = new ManualTimeSource();
    private static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopExecutor() {
        EXECUTOR.shutdownNow();
    }

    /** One method and the index of the parameter that gets null. */
    record Case(Executable method, int nullIndex) {
        @Override
        public String toString() {
            String type = method.getDeclaringClass().getName().replace("dev.microlab.core.", "");
            return (method instanceof Constructor<?> ? "new " + type : type + "." + method.getName())
                    + "(" + method.getParameters()[nullIndex].getName() + " = null)";
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Retry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Case> cases = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            if (name.contains(".internal.") || name.endsWith("package-info") || name.equals("module-info") || name.matches(".*\\$\\d.*")) {
                continue;
            }
            Class<?> type = Class.forName(name, false, NullArgumentsTest.class.getClassLoader());
            if (!Modifier.isPublic(type.getModifiers()) || type == ManualScheduler.class) {
                continue; // ManualScheduler is the test scheduler of another module's owner
            }
            boolean builder = type.getSimpleName().equals("Builder");
            if (type.getSimpleName().endsWith("Config") || type == ManualTimeSource.class) {
                for (Constructor<?> constructor : type.getConstructors()) {
                    Parameter[] parameters = constructor.getParameters();
                    for (int i = 0; i < parameters.length; i++) {
                        if (!parameters[i].getType().isPrimitive()) {
                            cases.add(new Case(constructor, i));
                        }
                    }
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                boolean isStatic = Modifier.isStatic(method.getModifiers());
                if (!Modifier.isPublic(method.getModifiers()) || method.isSynthetic()) {
                    continue;
                }
                if (builder ? isStatic : !(isStatic && isFactory(method))) {
                    continue;
                }
                Parameter[] parameters = method.getParameters();
                for (int i = 0; i < parameters.length; i++) {
                    if (!parameters[i].getType().isPrimitive()) {
                        cases.add(new Case(method, i));
                    }
                }
            }
        }
        assertThat(cases).as("the walk found the builders (is the class path what the test expects?)")
                .hasSizeGreaterThan(30);
        return cases.stream();
    }

    private static boolean isFactory(Method method) {
        return method.getReturnType() != void.class && !method.getName().startsWith("lambda$");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsNullNamingTheParameter(Case c) throws Exception {
        Executable method = c.method();
        Parameter[] parameters = method.getParameters();
        assertThat(parameters[c.nullIndex()].isNamePresent()).as("compiled with -parameters").isTrue();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            args[i] = i == c.nullIndex() ? null : valueOf(parameters[i].getType());
        }
        Object target = method instanceof Constructor<?> || Modifier.isStatic(method.getModifiers())
                ? null : builderOf(method.getDeclaringClass());

        Throwable thrown = null;
        try {
            if (method instanceof Method m) {
                m.invoke(target, args);
            } else {
                ((Constructor<?>) method).newInstance(args);
            }
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        }

        assertThat(thrown).as("%s must reject null", c).isInstanceOf(NullPointerException.class)
                .hasMessage(parameters[c.nullIndex()].getName() + " must not be null");
    }

    private static Object builderOf(Class<?> builderType) throws Exception {
        Class<?> outer = builderType.getEnclosingClass();
        for (Method factory : outer.getMethods()) {
            if (factory.getName().equals("builder") && factory.getReturnType() == builderType
                    && Modifier.isStatic(factory.getModifiers())) {
                Object[] args = new Object[factory.getParameterCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = valueOf(factory.getParameterTypes()[i]);
                }
                if (args.length == 0 || factory.getParameterTypes()[0] == String.class) {
                    return factory.invoke(null, args);
                }
            }
        }
        throw new AssertionError("no builder() factory for " + builderType.getName());
    }

    /** A valid value of {@code type}, for the parameters that are not the null one. */
    private static Object valueOf(Class<?> type) {
        if (type == String.class) {
            return "payments";
        } else if (type == Duration.class) {
            return Duration.ofSeconds(1);
        } else if (type == Predicate.class) {
            return (Predicate<Object>) x -> false;
        } else if (type == TimeSource.class) {
            return TIME;
        } else if (type == Sleeper.class) {
            return TIME.sleeper();
        } else if (type == Scheduler.class) {
            return new ManualScheduler(TIME);
        } else if (type == ScheduledExecutorService.class) {
            return EXECUTOR;
        } else if (type == Executor.class) {
            return (Executor) Runnable::run;
        } else if (type == Backoff.class) {
            return Backoff.none();
        } else if (type == RandomGenerator.class) {
            return new Random(1);
        } else if (type == RetryConfig.class) {
            return RetryConfig.ofDefaults();
        } else if (type == BulkheadConfig.class) {
            return BulkheadConfig.ofDefaults();
        } else if (type == RateLimiterConfig.class) {
            return RateLimiterConfig.ofDefaults();
        } else if (type == TimeLimiterConfig.class) {
            return TimeLimiterConfig.ofDefaults();
        } else if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == double.class) {
            return 2.0;
        } else if (type == java.time.Instant.class) {
            return java.time.Instant.EPOCH;
        } else if (type == boolean.class) {
            return true;
        }
        throw new AssertionError("the test has no value for a parameter of type " + type.getName() + "; add one");
    }
}
