package dev.microlab.docs.scenario;

import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Event sourcing on a bank account (the course's exercise): every change is an event appended
 * to the stream {@code account-42}; two tellers race and optimistic concurrency catches the
 * second; the balance is rebuilt by replaying the stream; a catch-up subscription keeps a
 * read model of balances, first catching up on history and then following new events.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class EventStoreScenario implements Scenario {

    private static final StreamName ACCOUNT = StreamName.of("account-42");

    private final Function<TimeSource, EventStore> backend;

    /** The story on an in-memory store. */
    public EventStoreScenario() {
        this(time -> InMemoryEventStore.builder().timeSource(time).build());
    }

    /**
     * The same story on another backend (the catalog's {@code --postgres} passes a
     * PostgreSQL store): {@code backend} opens an empty store recording times from the given clock.
     */
    public EventStoreScenario(Function<TimeSource, EventStore> backend) {
        this.backend = java.util.Objects.requireNonNull(backend, "backend must not be null");
    }

    @Override
    public String name() {
        return "event-store";
    }

    @Override
    public String title() {
        return "an account as a stream of events: optimistic concurrency, replay, a projection";
    }

    @Override
    public List<String> patterns() {
        return List.of("event-store");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        SequenceDiagram sequence = new SequenceDiagram("two tellers, one stream, expected versions")
                .participant("A", "teller A")
                .participant("B", "teller B")
                .participant("S", "event store (account-42)")
                .participant("P", "balances projection");
        try (EventStore store = backend.apply(narrator.time())) {
            store.append(ACCOUNT, ExpectedVersion.NO_STREAM, event("AccountOpened", 0));
            sequence.call("A", "S", "AccountOpened (expect: no stream)").reply("S", "A", "version 0");
            narrator.milestone("stream-created", "account-42 is opened: its first event is version 0 of a new stream");

            narrator.time().advance(Duration.ofSeconds(1));
            long version = store.append(ACCOUNT, ExpectedVersion.exact(0),
                    event("MoneyDeposited", 100), event("MoneyWithdrawn", 30)).nextExpectedVersion();
            sequence.call("A", "S", "Deposited 100, Withdrawn 30 (expect 0)").reply("S", "A", "version " + version);
            narrator.say("a deposit of 100 and a withdrawal of 30 are appended together: the stream is at version "
                    + version);

            narrator.time().advance(Duration.ofSeconds(1));
            narrator.say("tellers A and B both read the account at version " + version + " (balance "
                    + balance(store) + ") and each withdraws");
            store.append(ACCOUNT, ExpectedVersion.exact(version), event("MoneyWithdrawn", 50));
            sequence.call("A", "S", "Withdrawn 50 (expect " + version + ")").reply("S", "A", "version " + (version + 1));
            try {
                store.append(ACCOUNT, ExpectedVersion.exact(version), event("MoneyWithdrawn", 60));
                throw new IllegalStateException("teller B wrote over teller A's withdrawal");
            } catch (WrongExpectedVersionException conflict) {
                sequence.call("B", "S", "Withdrawn 60 (expect " + version + ")")
                        .failure("S", "B", "wrong expected version: actual " + conflict.actualVersion());
                narrator.milestone("concurrency-conflict-caught", "teller B expected version " + version
                        + " but the stream is at " + conflict.actualVersion()
                        + ": the append is refused, nothing is lost or double-spent");
            }
            long balance = balance(store);
            sequence.call("B", "S", "re-read").reply("S", "B", "balance " + balance);
            narrator.milestone("reread-and-decide", "teller B re-reads: the balance is now " + balance
                    + ", so the withdrawal of 60 is declined instead of overdrawing the account");

            narrator.time().advance(Duration.ofSeconds(1));
            narrator.milestone("state-rebuilt", "replaying the " + store.readStreamForward(ACCOUNT, 0, 100).size()
                    + " events of account-42 rebuilds its balance: " + balance + " (0 + 100 - 30 - 50)");

            Map<String, Long> balances = new TreeMap<>();
            CatchUpSubscription projection = CatchUpSubscription.builder("balances", store,
                    e -> balances.merge(e.stream().value(), delta(e), Long::sum)).build();
            long delivered = projection.drain();
            sequence.call("S", "P", "catch up: " + delivered + " events").note("P", "balances: " + show(balances));
            narrator.milestone("projection-caught-up", "a balances projection catches up on history: "
                    + delivered + " events, checkpoint at position " + projection.checkpoint() + ", read model "
                    + show(balances));

            narrator.time().advance(Duration.ofSeconds(1));
            store.append(ACCOUNT, ExpectedVersion.exact(version + 1), event("MoneyDeposited", 15));
            delivered = projection.drain();
            sequence.call("A", "S", "Deposited 15").call("S", "P", "live: " + delivered + " new event")
                    .note("P", "balances: " + show(balances));
            narrator.milestone("projection-follows", "a new deposit of 15 reaches the projection from its checkpoint: "
                    + delivered + " event delivered, read model " + show(balances));
            projection.close();
        }
        narrator.draw(sequence);
    }

    private static String show(Map<String, Long> balances) {
        return balances.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("empty");
    }

    private static EventData event(String type, long amount) {
        return EventData.of(type, Long.toString(amount).getBytes(StandardCharsets.UTF_8));
    }

    private static long delta(RecordedEvent e) {
        long amount = Long.parseLong(e.dataAsString());
        return switch (e.type()) {
            case "MoneyDeposited" -> amount;
            case "MoneyWithdrawn" -> -amount;
            default -> 0;
        };
    }

    private static long balance(EventStore store) {
        return store.readStreamForward(ACCOUNT, 0, 1000).stream().mapToLong(EventStoreScenario::delta).sum();
    }
}
