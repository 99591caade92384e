package dev.microlab.cqrs;

import dev.microlab.cqrs.testdomain.OrderEvent.ItemAdded;
import dev.microlab.cqrs.testdomain.OrderEventTypes;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.FileEventStore;
import java.nio.file.Path;

/**
 * The child JVM of {@link FileProjectionStoreCrashTest}: runs a projection over a file event
 * store into a {@link FileProjectionStore}, printing "AT position" after each batch, until it
 * is killed.
 */
public final class ProjectionCrashChild {

    /** The read model: how many items were added, and their total quantity. */
    public record Totals(long events, long quantity) {
        public static final Totals ZERO = new Totals(0, 0);

        Totals plus(int q) {
            return new Totals(events + 1, quantity + q);
        }
    }

    private ProjectionCrashChild() {
    }

    static Projection<Totals> projection(FileEventStore store, FileProjectionStore<Totals> saved) {
        return Projection.builder("totals", store, new EventSerializer(OrderEventTypes.registry()),
                        InMemoryProjectionStore.factory(Totals.ZERO))
                .on(ItemAdded.class, (m, e, r) -> m.plus(e.quantity()))
                .batchSize(10)
                .resumeFrom(saved)
                .build();
    }

    static FileProjectionStore<Totals> saved(Path file, int flushEvery) {
        return FileProjectionStore.builder(file, Totals.class, Totals.ZERO).flushEvery(flushEvery).open();
    }

    /** args: event store directory, projection file, flushEvery. */
    public static void main(String[] args) {
        try (FileEventStore store = FileEventStore.builder(Path.of(args[0])).open()) {
            FileProjectionStore<Totals> saved = saved(Path.of(args[1]), Integer.parseInt(args[2]));
            try (Projection<Totals> p = projection(store, saved)) {
                System.out.println("AT " + p.state().position());
                while (p.poll() > 0) {
                    System.out.println("AT " + p.state().position());
                }
                System.out.println("DONE");
            }
        }
    }
}
