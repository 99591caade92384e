package dev.microlab.docs.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.BackupManifest;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileCheckpointStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FileEventStoreBackup;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.Rehydrated;
import dev.microlab.eventstore.Rehydrator;
import dev.microlab.eventstore.SnapshotCodec;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.Upcaster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/event-store.md}, run against the real event store; {@code GuidesTest}
 * checks the guide still quotes it.
 */
@DisplayName("The examples of the event store guide")
class EventStoreGuideExamplesTest {

    record OrderPlaced(String orderId, long cents) {
    }

    record ItemAdded(String sku) {
    }

    /** A cart's state, rebuilt from its events. */
    record Cart(List<String> skus) {
        static final Cart EMPTY = new Cart(List.of());

        Cart apply(Object event) {
            if (event instanceof ItemAdded added) {
                List<String> next = new ArrayList<>(skus);
                next.add(added.sku());
                return new Cart(List.copyOf(next));
            }
            return this;
        }
    }

    /** A read model: how many events each order stream has. */
    static final class OrderSummary {
        final List<String> seen = new ArrayList<>();

        void apply(RecordedEvent event) {
            seen.add(event.stream().value() + "@" + event.streamVersion());
        }
    }

    @Test
    @DisplayName("quick start: append with expected versions, read a stream and the whole store")
    void quickStart() {
        EventStore store = InMemoryEventStore.create();            // or FileEventStore.builder(dir).open()
        StreamName order = StreamName.of("order-42");

        // decide on an empty stream, append atomically
        AppendResult r = store.append(order, ExpectedVersion.NO_STREAM,
                EventData.of("order-placed", "{\"orderId\":\"42\"}".getBytes(UTF_8)),
                EventData.of("item-added", "{\"sku\":\"A-1\"}".getBytes(UTF_8)));

        // the next writer says which version it decided on
        store.append(order, r.nextExpected(), EventData.of("order-paid", "{}".getBytes(UTF_8)));

        List<RecordedEvent> history = store.readStreamForward(order, 0, 1_000);
        List<RecordedEvent> page    = store.readAll(EventStore.START, 500);    // whole store, in order

        assertThat(history).extracting(RecordedEvent::type).containsExactly("order-placed", "item-added", "order-paid");
        assertThat(page).extracting(RecordedEvent::position).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("typed events: aliases, revisions and upcasters")
    void typedEvents() {
        EventStore store = InMemoryEventStore.create();
        StreamName order = StreamName.of("order-42");

        EventTypeRegistry types = EventTypeRegistry.builder()
                .register("order-placed", 2, OrderPlaced.class)        // alias + current schema revision
                .upcaster(Upcaster.of("order-placed", 1, json -> json.put("currency", "EUR")))
                .build();
        EventSerializer serializer = new EventSerializer(types);
        store.append(order, ExpectedVersion.ANY, serializer.serialize(new OrderPlaced("42", 1999)));
        OrderPlaced placed = serializer.deserialize(store.readStreamForward(order, 0, 1).get(0), OrderPlaced.class);

        assertThat(placed).isEqualTo(new OrderPlaced("42", 1999));
    }

    @Test
    @DisplayName("a catch-up subscription replays history with a file checkpoint, then goes live")
    void subscription(@TempDir Path dir) throws Exception {
        EventStore store = InMemoryEventStore.create();
        store.append(StreamName.of("order-1"), ExpectedVersion.ANY, EventData.of("order-placed", "{}".getBytes(UTF_8)));
        store.append(StreamName.of("cart-1"), ExpectedVersion.ANY, EventData.of("item-added", "{}".getBytes(UTF_8)));
        OrderSummary view = new OrderSummary();

        CatchUpSubscription sub = CatchUpSubscription.builder("order-summary", store, view::apply)
                .checkpointStore(new FileCheckpointStore(dir.resolve("checkpoints")))
                .filter(e -> e.stream().category().equals("order"))
                .batchSize(256)
                .build();
        sub.start();
        sub.caughtUp().get(30, SECONDS);   // history replayed; now live
        sub.close();

        assertThat(view.seen).as("only order streams, from the start").containsExactly("order-1@0");
    }

    @Test
    @DisplayName("a rehydrator loads state from the latest snapshot and the events after it")
    void rehydrator() {
        EventStore store = InMemoryEventStore.create();
        EventTypeRegistry types = EventTypeRegistry.builder().register("item-added", 1, ItemAdded.class).build();
        EventSerializer serializer = new EventSerializer(types);
        ObjectMapper mapper = new ObjectMapper();
        InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
        StreamName stream = StreamName.of("cart-7");
        store.append(stream, ExpectedVersion.NO_STREAM, serializer.serialize(new ItemAdded("A-1")));
        List<EventData> newEvents = List.of(serializer.serialize(new ItemAdded("B-2")));

        Rehydrator<Cart> carts = Rehydrator.builder(store, Cart.EMPTY,
                        (cart, e) -> cart.apply(serializer.deserialize(e)))
                .snapshots(snapshots, 2, SnapshotCodec.jackson(mapper, Cart.class))
                .build();
        Rehydrated<Cart> cart = carts.load(stream);           // state, version, fromSnapshot, eventsReplayed
        store.append(stream, cart.expectedVersion(), newEvents);
        if (cart.eventsReplayed() > 200) carts.snapshot(stream, cart);

        assertThat(cart.state().skus()).containsExactly("A-1");
        assertThat(carts.load(stream).state().skus()).containsExactly("A-1", "B-2");
    }

    @Test
    @DisplayName("an online backup of the file store, restored and verified against its manifest")
    void backupAndRestore(@TempDir Path dir) {
        Path storeDir = dir.resolve("events");
        Path checkpointDir = dir.resolve("checkpoints");
        Path backupDir = dir.resolve("backups/2026-12-05");
        BackupManifest taken;
        try (FileEventStore store = FileEventStore.builder(storeDir).open()) {
            store.append(StreamName.of("order-42"), ExpectedVersion.NO_STREAM,
                    EventData.of("order-placed", "{}".getBytes(UTF_8)));
            new FileCheckpointStore(checkpointDir).save("order-list", 1);

            // while the application keeps appending:
            taken = FileEventStoreBackup.backup(store, checkpointDir, backupDir);
            // taken.lastPosition(), taken.streams(): the point the copy stops at; appends went on
        }

        // on a new machine: checks every file, opens the copy, compares it with the manifest
        BackupManifest restored = FileEventStoreBackup.restore(backupDir,
                dir.resolve("restored/events"), dir.resolve("restored/checkpoints"));

        assertThat(restored).isEqualTo(taken);
        assertThat(restored.lastPosition()).isEqualTo(1);
        assertThat(restored.checkpoints()).containsEntry("order-list", 1L);
    }
}
