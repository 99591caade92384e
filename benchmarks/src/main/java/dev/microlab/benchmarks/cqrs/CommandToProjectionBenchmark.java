package dev.microlab.benchmarks.cqrs;

import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.CommandResult;
import dev.microlab.cqrs.Projection;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import dev.microlab.examples.order.Money;
import dev.microlab.examples.order.Order;
import dev.microlab.examples.order.OrderCommandHandlers;
import dev.microlab.examples.order.OrderCommands.AddItemCommand;
import dev.microlab.examples.order.OrderCommands.CreateOrderCommand;
import dev.microlab.examples.order.OrderCommands.RemoveItemCommand;
import dev.microlab.examples.order.OrderEvent;
import dev.microlab.examples.order.OrderEventTypes;
import dev.microlab.examples.order.OrderSnapshotCodec;
import dev.microlab.examples.order.OrderSummaries;
import dev.microlab.examples.order.OrderSummaryProjection;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
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
 * The whole CQRS write-then-read path of the example order, on the caller's thread: a command
 * dispatched through the {@link CommandBus} (load the aggregate, decide, append its event to the
 * in-memory store), then the order-summary {@link Projection} drained until its position
 * includes the command's. One operation is one command and its projection.
 *
 * <p>The commands rotate over {@value #ORDERS} orders and alternate, per order, between adding a
 * book and removing it, so that every order stays small. The repository snapshots every
 * {@code snapshotEvery} events, so a load replays 0 to {@code snapshotEvery - 1} events. The
 * run is steady-state: one cycle of replay lengths over all orders is
 * {@code ORDERS * snapshotEvery} commands (1,000 with the default 10), far fewer than one
 * iteration makes, so every iteration measures the same mix (with 100, one cycle took longer
 * than a one-second iteration, and iterations measured different parts of it). A fresh store,
 * bus and projection are built for every iteration, so the store does not grow across a long
 * run.
 *
 * <p>On a shared machine, wall-clock throughput swings with the other processes; {@link #main}
 * prints the thread CPU time and the bytes allocated per command, which they move far less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommandToProjectionBenchmark {

    /** Orders the commands rotate over. */
    static final int ORDERS = 100;

    private static final Money BOOK_PRICE = Money.of("EUR", 1250);

    /** Snapshot interval of the repository: a load replays up to this many events minus one. */
    @Param({"10"})
    public int snapshotEvery;

    private final AddItemCommand[] adds = new AddItemCommand[ORDERS];
    private final RemoveItemCommand[] removes = new RemoveItemCommand[ORDERS];
    private EventStore store;
    private CommandBus commands;
    private Projection<OrderSummaries> summaries;
    private int next;
    private boolean adding;

    @Setup(Level.Iteration)
    public void setUp() {
        store = InMemoryEventStore.create();
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        AggregateRepository<Order, OrderEvent> orders = AggregateRepository
                .builder("order", OrderEvent.class, Order::new, store, serializer)
                .snapshots(new InMemorySnapshotStore(), new OrderSnapshotCodec(), snapshotEvery)
                .build();
        commands = CommandBus.builder().build();
        OrderCommandHandlers.registerOn(commands, orders);
        summaries = OrderSummaryProjection.builder("order-summaries", store, serializer).build();
        for (int i = 0; i < ORDERS; i++) {
            String id = "order-" + i;
            commands.dispatch(new CreateOrderCommand(id, "customer-" + i, "EUR", List.of()));
            adds[i] = new AddItemCommand(id, "book", 1, BOOK_PRICE);
            removes[i] = new RemoveItemCommand(id, "book");
        }
        summaries.drain();
        next = 0;
        adding = true;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        summaries.close();
        store.close();
    }

    /**
     * The same operation outside JMH, measured by the calling thread's CPU time and allocation:
     * rounds of {@code ops} commands (after two warm-up rounds), each on a fresh store, and the
     * median, fastest and slowest round. Arguments: rounds (default 7), commands per round
     * (default 100,000), snapshot interval (default 10).
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double[] cpuPerOp = new double[rounds];
        double[] bytesPerOp = new double[rounds];
        long sink = 0;
        for (int r = -2; r < rounds; r++) {
            CommandToProjectionBenchmark benchmark = new CommandToProjectionBenchmark();
            benchmark.snapshotEvery = every;
            benchmark.setUp();
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ops; i++) {
                sink += benchmark.commandThenProjection();
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            allocated = threads.getThreadAllocatedBytes(thread) - allocated;
            benchmark.tearDown();
            if (r >= 0) {
                cpuPerOp[r] = (double) cpu / ops;
                bytesPerOp[r] = (double) allocated / ops;
            }
        }
        Arrays.sort(cpuPerOp);
        Arrays.sort(bytesPerOp);
        System.out.printf("snapshotEvery=%d: thread CPU per command median %.0f ns (fastest round %.0f, slowest %.0f),"
                + " %.0f commands per CPU-second; allocated per command median %.0f bytes (checksum %d)%n", every,
                cpuPerOp[rounds / 2], cpuPerOp[0], cpuPerOp[rounds - 1], 1e9 / cpuPerOp[rounds / 2],
                bytesPerOp[rounds / 2], sink);
    }

    /** One command dispatched, then the projection brought up to the position it wrote. */
    @Benchmark
    public long commandThenProjection() {
        CommandResult result = commands.dispatch(adding ? adds[next] : removes[next]);
        if (++next == ORDERS) {
            next = 0;
            adding = !adding;
        }
        summaries.drain();
        if (!summaries.position().hasReached(result.position())) {
            throw new IllegalStateException("the projection is at " + summaries.position().current()
                    + " after draining, but the command wrote position " + result.position());
        }
        return result.position();
    }
}
