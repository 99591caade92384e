package dev.microlab.observability;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * The correlation id in SLF4J's MDC for the duration of a handler, so every log line it writes
 * carries it — and never after: the previous MDC is restored when the handler returns or throws,
 * and a task handed to another thread takes the submitting thread's MDC with it.
 *
 * <pre>{@code
 * Correlation.run(command.correlationId(), () -> handler.handle(command));   // logs carry correlationId
 * Executor executor = Correlation.propagating(pool);                         // MDC follows each task
 * }</pre>
 *
 * <p>The MDC key is {@value #KEY}, the name logback's JSON encoders and most log pipelines expect.
 * {@link MicrolabTracing} adds {@value #TRACE_ID} and {@value #SPAN_ID} while one of its spans is
 * current, and {@link #callInService} the {@value #SERVICE}, so a JSON log line carries all four.
 *
 * <p>This class is threadsafe (it has no state; MDC is per thread).
 */
public final class Correlation {

    /** The MDC key of the correlation id. */
    public static final String KEY = "correlationId";
    /** The MDC key of the current trace id (32 hex digits), set by {@link MicrolabTracing} while a span is current. */
    public static final String TRACE_ID = "traceId";
    /** The MDC key of the current span id (16 hex digits), set by {@link MicrolabTracing} while a span is current. */
    public static final String SPAN_ID = "spanId";
    /** The MDC key of the service a log line comes from (OpenTelemetry's {@code service.name}). */
    public static final String SERVICE = "service";

    private Correlation() {
    }

    /** Runs {@code action} with {@code correlationId} in the MDC (null: runs it with the key absent). */
    public static void run(String correlationId, Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        Map<String, String> previous = MDC.getCopyOfContextMap();
        put(correlationId);
        try {
            action.run();
        } finally {
            restore(previous);
        }
    }

    /** Calls {@code action} with {@code correlationId} in the MDC and returns its result. */
    public static <T> T call(String correlationId, Callable<T> action) throws Exception {
        Objects.requireNonNull(action, "action must not be null");
        Map<String, String> previous = MDC.getCopyOfContextMap();
        put(correlationId);
        try {
            return action.call();
        } finally {
            restore(previous);
        }
    }

    /**
     * Calls {@code action} with {@code service} as the MDC's {@value #SERVICE} — what a service's
     * request handler does, so that the lines it logs say which service wrote them — and
     * restores the previous MDC after.
     */
    public static <T> T callInService(String service, Callable<T> action) throws Exception {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.put(SERVICE, service);
        try {
            return action.call();
        } finally {
            restore(previous);
        }
    }

    /** The correlation id in this thread's MDC, or null. */
    public static String current() {
        return MDC.get(KEY);
    }

    /**
     * Wraps {@code task} so that it runs with the MDC the calling thread has <em>now</em>, and
     * leaves the executing thread's MDC as it found it.
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            restore(captured);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    /** An executor that runs every task with the MDC of the thread that submitted it. */
    public static Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        return task -> executor.execute(wrap(task));
    }

    private static void put(String correlationId) {
        if (correlationId == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, correlationId);
        }
    }

    private static void restore(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
