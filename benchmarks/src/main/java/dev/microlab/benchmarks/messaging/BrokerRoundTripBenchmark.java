package dev.microlab.benchmarks.messaging;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.rabbitmq.RabbitMqBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One message's whole trip through the {@code Broker} API on one thread: publish to a durable
 * queue and wait for the confirm, take it back ({@code get}) and ack it. Throughput, and the
 * latency distribution (p50, p99) in sample mode.
 *
 * <ul>
 *   <li>{@code in-process-transient}: the embedded broker without a data directory (memory only);</li>
 *   <li>{@code in-process-durable}: with a data directory and group commit
 *       ({@code FsyncPolicy.group(5 ms, 1000)}): a confirm waits for the write, not the fsync;</li>
 *   <li>{@code rabbitmq}: the same calls on a real RabbitMQ over loopback
 *       ({@code MICROLAB_RABBITMQ_URI}, default {@code amqp://guest:guest@127.0.0.1:5672}). Not in
 *       the default parameter list, so a run without a server still works; ask for it with
 *       {@code -p transport=in-process-transient,in-process-durable,rabbitmq}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BrokerRoundTripBenchmark {

    @Param({"in-process-transient", "in-process-durable"})
    public String transport;

    private final Message message = Message.ofText("{\"orderId\":42,\"sku\":\"book\"}");
    private Broker broker;
    private String queue;
    private Path dir;

    @Setup(Level.Iteration)
    public void open() {
        queue = "bench-" + UUID.randomUUID();
        broker = switch (transport) {
            case "in-process-transient" -> InProcessBroker.create();
            case "in-process-durable" -> {
                dir = TempDirs.create("microlab-broker-benchmark-");
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
    }

    @TearDown(Level.Iteration)
    public void close() {
        broker.deleteQueue(queue);
        broker.close();
        if (dir != null) {
            TempDirs.delete(dir);
            dir = null;
        }
    }

    @Benchmark
    public Delivery publishAndConsume() {
        if (broker.publish("", queue, message) != PublishOutcome.CONFIRMED) {
            throw new IllegalStateException("not confirmed");
        }
        Delivery d = broker.get(queue).orElseThrow();
        d.ack();
        return d;
    }
}
