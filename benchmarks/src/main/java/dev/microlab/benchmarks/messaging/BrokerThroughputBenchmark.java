package dev.microlab.benchmarks.messaging;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.rabbitmq.RabbitMqBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Publish→consume throughput through the {@code Broker} API: each invocation publishes a batch
 * of {@value #BATCH} messages without waiting for each confirm ({@code publishAsync}), waits
 * for all confirms, and waits until one push consumer (prefetch 250, acking) has taken them
 * all. The score is messages per second, end to end.
 *
 * <p>Transports as in {@link BrokerRoundTripBenchmark}: {@code in-process-transient},
 * {@code in-process-durable} (group commit) by default, {@code rabbitmq} with
 * {@code -p transport=...,rabbitmq}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BrokerThroughputBenchmark {

    static final int BATCH = 1000;

    @Param({"in-process-transient", "in-process-durable"})
    public String transport;

    private final Message message = Message.ofText("{\"orderId\":42,\"sku\":\"book\"}");
    private final Semaphore consumed = new Semaphore(0);
    private final java.util.List<CompletableFuture<PublishOutcome>> confirms = new java.util.ArrayList<>(BATCH);
    private Broker broker;
    private Consumer consumer;
    private String queue;
    private Path dir;

    @Setup(Level.Iteration)
    public void open() {
        queue = "bench-" + UUID.randomUUID();
        broker = switch (transport) {
            case "in-process-transient" -> InProcessBroker.create();
            case "in-process-durable" -> {
                dir = TempDirs.create("microlab-broker-throughput-");
                yield InProcessBroker.builder().dataDirectory(dir)
                        .fsyncPolicy(FsyncPolicy.group(Duration.ofMillis(5), 1000)).build();
            }
            case "rabbitmq" -> {
                String uri = System.getenv("MICROLAB_RABBITMQ_URI");
                yield RabbitMqBroker.builder(uri == null || uri.isBlank() ? "amqp://guest:guest@127.0.0.1:5672" : uri)
                        .connectionName("microlab-benchmark").build();
            }
            default -> throw new IllegalArgumentException("transport must be one of [in-process-transient,"
                    + " in-process-durable, rabbitmq], but was '" + transport + "'");
        };
        broker.declareQueue(QueueSpec.durable(queue));
        consumer = broker.consume(queue, ConsumerOptions.defaults().withPrefetch(250), d -> consumed.release());
    }

    @TearDown(Level.Iteration)
    public void close() {
        consumer.cancel();
        broker.deleteQueue(queue);
        broker.close();
        consumed.drainPermits();
        if (dir != null) {
            TempDirs.delete(dir);
            dir = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishAndConsumeBatch() throws InterruptedException {
        confirms.clear();
        for (int i = 0; i < BATCH; i++) {
            confirms.add(broker.publishAsync("", queue, message, false));
        }
        for (CompletableFuture<PublishOutcome> confirm : confirms) {
            if (confirm.join() != PublishOutcome.CONFIRMED) {
                throw new IllegalStateException("not confirmed");
            }
        }
        if (!consumed.tryAcquire(BATCH, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the consumer did not take the batch within 60 s");
        }
    }
}
