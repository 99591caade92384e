package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The one specification of {@link Broker}: every behaviour here runs on the in-process broker
 * and on a real RabbitMQ, so the embedded broker cannot drift from the real one.
 *
 * <p>A subclass supplies the broker and says how time passes: the in-process broker moves a
 * manual clock; RabbitMQ lets real time pass (TTLs here are short) while the assertions wait
 * with Awaitility. Every exchange and queue gets a unique name and is deleted after the test,
 * so a shared RabbitMQ is left as it was found.
 */
public abstract class BrokerContract {

    /** The TTL used by the expiry tests: short, because RabbitMQ's clock is real. */
    protected static final Duration TTL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String prefix = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();
    private final List<Consumer> consumers = new CopyOnWriteArrayList<>();

    /** For the subclass that supplies the broker. */
    protected BrokerContract() {
    }

    /** The broker under test (the same instance for the whole test). */
    protected abstract Broker broker();

    /** Lets {@code amount} of the broker's time pass (a manual clock moves; a real one needs nothing). */
    protected abstract void letTimePass(Duration amount);

    @AfterEach
    void cleanUp() {
        consumers.forEach(Consumer::cancel);
        queues.forEach(q -> broker().deleteQueue(q));
        exchanges.forEach(x -> broker().deleteExchange(x));
        afterCleanUp();
    }

    /** Called after each test's exchanges and queues are deleted (close a per-test broker here). */
    protected void afterCleanUp() {
    }

    // ---- helpers ------------------------------------------------------------------------------

    protected String queue(String name) {
        return queue(QueueSpec.builder(prefix + name).build());
    }

    protected String queue(QueueSpec spec) {
        broker().declareQueue(spec);
        queues.add(spec.name());
        return spec.name();
    }

    protected String exchange(String name, ExchangeType type) {
        String full = prefix + name;
        broker().declareExchange(ExchangeSpec.durable(full, type));
        exchanges.add(full);
        return full;
    }

    protected String n(String name) {
        return prefix + name;
    }

    protected Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        Consumer c = broker().consume(queue, options, handler);
        consumers.add(c);
        return c;
    }

    /** Waits for the next message of a queue (basic.get, polled), failing after a while. */
    protected Delivery next(String queue) {
        Delivery[] got = new Delivery[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
            Optional<Delivery> d = broker().get(queue);
            d.ifPresent(x -> got[0] = x);
            return d.isPresent();
        });
        return got[0];
    }

    protected long ready(String queue) {
        return broker().queueInfo(queue).messageCount();
    }

    protected void awaitReady(String queue, long count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(ready(queue)).as("ready messages in %s", queue).isEqualTo(count));
    }

    protected static Message text(String s) {
        return Message.ofText(s);
    }

    private List<String> drainBodies(String queue) {
        List<String> bodies = new ArrayList<>();
        Optional<Delivery> d;
        while ((d = broker().get(queue)).isPresent()) {
            bodies.add(d.get().message().bodyAsText());
            d.get().ack();
        }
        return bodies;
    }

    // ---- routing ------------------------------------------------------------------------------

    @Test
    @DisplayName("a direct exchange routes to the queues bound with exactly the routing key")
    void directRouting() {
        String x = exchange("direct", ExchangeType.DIRECT);
        String a = queue("a");
        String b = queue("b");
        broker().bind(a, x, "order.placed");
        broker().bind(b, x, "order.paid");

        assertThat(broker().publish(x, "order.placed", text("1"))).isEqualTo(PublishOutcome.CONFIRMED);
        assertThat(broker().publish(x, "order.*", text("2"))).as("no wildcard in direct").isEqualTo(PublishOutcome.CONFIRMED);

        assertThat(drainBodies(a)).containsExactly("1");
        assertThat(drainBodies(b)).isEmpty();
    }

    /** RabbitMQ's own topic-matching table (rabbit's unit tests of the topic exchange). */
    static final Map<String, String> TOPIC_BINDINGS = new LinkedHashMap<>();
    static final Map<String, List<String>> TOPIC_EXPECTED = new LinkedHashMap<>();

    static {
        String[][] bindings = {
            {"a.b.c", "t1"}, {"a.*.c", "t2"}, {"a.#.b", "t3"}, {"a.b.b.c", "t4"}, {"#", "t5"}, {"#.#", "t6"},
            {"#.b", "t7"}, {"*.*", "t8"}, {"a.*", "t9"}, {"*.b.c", "t10"}, {"a.#", "t11"}, {"a.#.#", "t12"},
            {"b.b.c", "t13"}, {"a.b.b", "t14"}, {"a.b", "t15"}, {"b.c", "t16"}, {"", "t17"}, {"*.*.*", "t18"},
            {"vodka.martini", "t19"}, {"a.b.c", "t20"}, {"*.#", "t21"}, {"#.*.#", "t22"}, {"*.#.#", "t23"},
            {"#.#.#", "t24"}, {"*", "t25"}, {"#.b.#", "t26"},
        };
        for (String[] b : bindings) {
            TOPIC_BINDINGS.put(b[1], b[0]);
        }
        TOPIC_EXPECTED.put("a.b.c", List.of("t1", "t2", "t5", "t6", "t10", "t11", "t12", "t18", "t20", "t21", "t22",
                "t23", "t24", "t26"));
        TOPIC_EXPECTED.put("a.b", List.of("t3", "t5", "t6", "t7", "t8", "t9", "t11", "t12", "t15", "t21", "t22", "t23",
                "t24", "t26"));
        TOPIC_EXPECTED.put("a.b.b", List.of("t3", "t5", "t6", "t7", "t11", "t12", "t14", "t18", "t21", "t22", "t23",
                "t24", "t26"));
        TOPIC_EXPECTED.put("", List.of("t5", "t6", "t17", "t24"));
        TOPIC_EXPECTED.put("b.c.c", List.of("t5", "t6", "t18", "t21", "t22", "t23", "t24", "t26"));
        TOPIC_EXPECTED.put("a.a.a.a.a", List.of("t5", "t6", "t11", "t12", "t21", "t22", "t23", "t24"));
        TOPIC_EXPECTED.put("vodka.gin", List.of("t5", "t6", "t8", "t21", "t22", "t23", "t24"));
        TOPIC_EXPECTED.put("vodka.martini", List.of("t5", "t6", "t8", "t19", "t21", "t22", "t23", "t24"));
        TOPIC_EXPECTED.put("b.b.c", List.of("t5", "t6", "t10", "t13", "t18", "t21", "t22", "t23", "t24", "t26"));
        TOPIC_EXPECTED.put("nothing.here.at.all", List.of("t5", "t6", "t21", "t22", "t23", "t24"));
        TOPIC_EXPECTED.put("oneword", List.of("t5", "t6", "t21", "t22", "t23", "t24", "t25"));
    }

    @Test
    @DisplayName("a topic exchange matches * and # exactly as RabbitMQ's own test table says")
    void topicRoutingTable() {
        String x = exchange("topic", ExchangeType.TOPIC);
        Map<String, String> queueOf = new LinkedHashMap<>();
        TOPIC_BINDINGS.forEach((tag, pattern) -> {
            String q = queue(tag);
            queueOf.put(tag, q);
            broker().bind(q, x, pattern);
        });

        for (Map.Entry<String, List<String>> row : TOPIC_EXPECTED.entrySet()) {
            assertThat(broker().publish(x, row.getKey(), text(row.getKey()))).isEqualTo(PublishOutcome.CONFIRMED);
            Set<String> got = new TreeSet<>();
            queueOf.forEach((tag, q) -> {
                List<String> bodies = drainBodies(q);
                if (!bodies.isEmpty()) {
                    assertThat(bodies).as("%s got the message once", tag).containsExactly(row.getKey());
                    got.add(tag);
                }
            });
            assertThat(got).as("queues matched by routing key '%s'", row.getKey())
                    .isEqualTo(new TreeSet<>(row.getValue()));
        }
    }

    @Test
    @DisplayName("a fanout exchange copies every message to every bound queue, whatever the key")
    void fanoutRouting() {
        String x = exchange("fanout", ExchangeType.FANOUT);
        String a = queue("a");
        String b = queue("b");
        broker().bind(a, x, "");
        broker().bind(b, x, "ignored");

        broker().publish(x, "anything", text("hello"));

        assertThat(drainBodies(a)).containsExactly("hello");
        assertThat(drainBodies(b)).containsExactly("hello");
    }

    @Test
    @DisplayName("a headers exchange matches x-match=all and x-match=any on the headers, ignoring the key")
    void headersRouting() {
        String x = exchange("headers", ExchangeType.HEADERS);
        String all = queue("all");
        String any = queue("any");
        broker().bind(all, x, "", Map.of("x-match", "all", "format", "pdf", "type", "report"));
        broker().bind(any, x, "", Map.of("x-match", "any", "format", "pdf", "type", "report"));

        broker().publish(x, "k", text("both").withHeader("format", "pdf").withHeader("type", "report"));
        broker().publish(x, "k", text("one").withHeader("format", "pdf"));
        broker().publish(x, "k", text("none").withHeader("format", "zip"));

        assertThat(drainBodies(all)).containsExactly("both");
        assertThat(drainBodies(any)).containsExactly("both", "one");
    }

    @Test
    @DisplayName("the default exchange \"\" routes to the queue named by the routing key")
    void defaultExchange() {
        String q = queue("direct-to-queue");

        assertThat(broker().publish("", q, text("hi"))).isEqualTo(PublishOutcome.CONFIRMED);

        assertThat(drainBodies(q)).containsExactly("hi");
    }

    @Test
    @DisplayName("an unroutable message is returned when mandatory, and confirmed then dropped otherwise")
    void unroutable() {
        String x = exchange("nowhere", ExchangeType.DIRECT);

        assertThat(broker().publish(x, "no.queue", text("m"), true)).isEqualTo(PublishOutcome.RETURNED);
        assertThat(broker().publish(x, "no.queue", text("m"), false)).isEqualTo(PublishOutcome.CONFIRMED);
    }

    @Test
    @DisplayName("the message's properties and headers arrive as published")
    void propertiesRoundTrip() {
        String q = queue("props");
        Message m = Message.of(new byte[] {1, 2, 3}).withMessageId("id-1").withCorrelationId("corr-9")
                .withType("order-placed").withContentType("application/octet-stream")
                .withHeader("tenant", "acme").withHeader("attempt", 3).withHeader("big", 5_000_000_000L)
                .withHeader("flag", true);

        broker().publish("", q, m);
        Delivery d = next(q);

        assertThat(d.message().body()).containsExactly(1, 2, 3);
        assertThat(d.message().messageId()).contains("id-1");
        assertThat(d.message().correlationId()).contains("corr-9");
        assertThat(d.message().type()).contains("order-placed");
        assertThat(d.message().contentType()).contains("application/octet-stream");
        assertThat(d.message().headers()).containsEntry("tenant", "acme").containsEntry("attempt", 3)
                .containsEntry("big", 5_000_000_000L).containsEntry("flag", true);
        assertThat(d.redelivered()).isFalse();
        assertThat(d.queue()).isEqualTo(q);
        assertThat(d.routingKey()).isEqualTo(q);
        d.ack();
    }

    // ---- bad input ----------------------------------------------------------------------------

    @Test
    @DisplayName("publishing to a missing exchange fails with a NotFoundException naming it")
    void publishToMissingExchange() {
        assertThatThrownBy(() -> broker().publish(n("missing"), "k", text("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("exchange '" + n("missing") + "'");
    }

    @Test
    @DisplayName("binding to a missing queue or exchange fails with a NotFoundException naming it")
    void bindToMissing() {
        String x = exchange("bind-x", ExchangeType.DIRECT);
        String q = queue("bind-q");

        assertThatThrownBy(() -> broker().bind(n("no-queue"), x, "k"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("queue '" + n("no-queue") + "'");
        assertThatThrownBy(() -> broker().bind(q, n("no-exchange"), "k"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("exchange '" + n("no-exchange") + "'");
        assertThatThrownBy(() -> broker().get(n("no-queue")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("queue '" + n("no-queue") + "'");
    }

    @Test
    @DisplayName("redeclaring a queue with other settings fails (PRECONDITION_FAILED); the same settings are fine")
    void redeclareWithOtherSettings() {
        String q = queue("redeclare");

        broker().declareQueue(QueueSpec.durable(q));
        assertThatThrownBy(() -> broker().declareQueue(QueueSpec.builder(q).messageTtl(Duration.ofSeconds(5)).build()))
                .isInstanceOf(MessagingException.class).hasMessageContaining(q);
        assertThat(broker().publish("", q, text("still usable"))).isEqualTo(PublishOutcome.CONFIRMED);
        assertThat(drainBodies(q)).containsExactly("still usable");
    }

    @Test
    @DisplayName("names and routing keys longer than 255 bytes of UTF-8, and amq.* names, are refused with the value")
    void nameLimits() {
        String tooLong = "é".repeat(128); // 256 bytes

        assertThatThrownBy(() -> QueueSpec.durable(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255 bytes").hasMessageContaining("256 bytes");
        assertThatThrownBy(() -> ExchangeSpec.durable("amq.mine", ExchangeType.TOPIC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'amq.mine'");
        String q = queue("long-key");
        assertThatThrownBy(() -> broker().publish("", tooLong, text("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routingKey");
        assertThat(QueueSpec.durable("é".repeat(127)).name()).as("254 bytes are fine").hasSize(127);
        assertThat(ready(q)).isZero();
    }

    // ---- acknowledgements ---------------------------------------------------------------------

    @Test
    @DisplayName("a queue is FIFO, and an acked message is gone")
    void fifoAndAck() {
        String q = queue("fifo");
        for (int i = 0; i < 5; i++) {
            broker().publish("", q, text("m" + i));
        }
        awaitReady(q, 5);

        assertThat(drainBodies(q)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(ready(q)).isZero();
    }

    @Test
    @DisplayName("nack with requeue puts the message back at its place, marked redelivered")
    void nackRequeue() {
        String q = queue("requeue");
        broker().publish("", q, text("first"));
        broker().publish("", q, text("second"));

        Delivery d = next(q);
        assertThat(d.message().bodyAsText()).isEqualTo("first");
        d.nack(true);

        Delivery again = next(q);
        assertThat(again.message().bodyAsText()).as("requeued to its original position").isEqualTo("first");
        assertThat(again.redelivered()).isTrue();
        again.ack();
        Delivery second = next(q);
        assertThat(second.redelivered()).isFalse();
        second.ack();
    }

    @Test
    @DisplayName("settling a delivery twice is refused")
    void doubleAck() {
        String q = queue("double");
        broker().publish("", q, text("x"));
        Delivery d = next(q);
        d.ack();

        assertThatThrownBy(d::ack).isInstanceOf(IllegalStateException.class);
        assertThat(d.isSettled()).isTrue();
    }

    // ---- dead-lettering -----------------------------------------------------------------------

    private String deadLetterQueueFor(String name) {
        String dlx = exchange(name + "-dlx", ExchangeType.FANOUT);
        String dlq = queue(name + "-dlq");
        broker().bind(dlq, dlx, "");
        return dlx;
    }

    @Test
    @DisplayName("nack without requeue dead-letters the message with an x-death entry (rejected)")
    void nackDeadLetters() {
        String dlx = deadLetterQueueFor("rej");
        String q = queue(QueueSpec.builder(n("rej-work")).deadLetterExchange(dlx).build());
        broker().publish("", q, text("poison"));

        next(q).nack(false);

        Delivery dead = next(n("rej-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("poison");
        assertThat(dead.deaths()).hasSize(1);
        Death death = dead.deaths().get(0);
        assertThat(death.queue()).isEqualTo(q);
        assertThat(death.reason()).isEqualTo(Death.REJECTED);
        assertThat(death.count()).isEqualTo(1);
        assertThat(death.exchange()).isEqualTo("");
        assertThat(death.routingKeys()).containsExactly(q);
        assertThat(death.time()).isNotNull();
        assertThat(dead.message().headers()).containsEntry("x-first-death-queue", q)
                .containsEntry("x-first-death-reason", "rejected");
        dead.ack();
        assertThat(ready(q)).isZero();
    }

    @Test
    @DisplayName("reject without requeue and without a dead-letter exchange drops the message")
    void rejectWithoutDlxDrops() {
        String q = queue("drop");
        broker().publish("", q, text("x"));

        next(q).reject(false);

        assertThat(ready(q)).isZero();
        assertThat(broker().get(q)).isEmpty();
    }

    @Test
    @DisplayName("a dead-letter routing key replaces the message's routing key")
    void deadLetterRoutingKey() {
        String dlx = exchange("dlrk-x", ExchangeType.DIRECT);
        String parked = queue("dlrk-parked");
        broker().bind(parked, dlx, "parked");
        String q = queue(QueueSpec.builder(n("dlrk-work")).deadLetterExchange(dlx).deadLetterRoutingKey("parked")
                .build());
        broker().publish("", q, text("x"));

        next(q).reject(false);

        Delivery d = next(parked);
        assertThat(d.routingKey()).isEqualTo("parked");
        assertThat(d.deaths().get(0).routingKeys()).containsExactly(q);
        d.ack();
    }

    @Test
    @DisplayName("a per-queue TTL expires messages on the broker's clock and dead-letters them (expired)")
    void queueTtl() {
        String dlx = deadLetterQueueFor("ttl");
        String q = queue(QueueSpec.builder(n("ttl-work")).messageTtl(TTL).deadLetterExchange(dlx).build());
        broker().publish("", q, text("late"));

        letTimePass(TTL.plusMillis(1));

        Delivery dead = next(n("ttl-dlq"));
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.EXPIRED);
        assertThat(dead.deaths().get(0).queue()).isEqualTo(q);
        dead.ack();
        assertThat(ready(q)).isZero();
    }

    @Test
    @DisplayName("a per-message TTL expires that message; the shorter of queue and message TTL wins")
    void messageTtl() {
        String dlx = deadLetterQueueFor("mttl");
        String q = queue(QueueSpec.builder(n("mttl-work")).deadLetterExchange(dlx).build());
        broker().publish("", q, text("short").withExpiration(TTL));

        letTimePass(TTL.plusMillis(1));

        Delivery dead = next(n("mttl-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("short");
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.EXPIRED);
        assertThat(dead.message().expiration()).as("RabbitMQ removes the expiration when dead-lettering").isEmpty();
        dead.ack();
    }

    @Test
    @DisplayName("a message that expired behind the head is dead-lettered as soon as a get takes the head")
    void expiredBehindHead() {
        String dlx = deadLetterQueueFor("behind");
        String q = queue(QueueSpec.builder(n("behind-work")).deadLetterExchange(dlx).build());
        broker().publish("", q, text("no ttl"));
        broker().publish("", q, text("short").withExpiration(TTL));
        letTimePass(TTL.plusMillis(1));
        awaitReady(n("behind-dlq"), 0); // "short" expired, but waits behind the head (RabbitMQ expires at the head)

        Delivery head = broker().get(q).orElseThrow();
        head.ack();

        Delivery dead = next(n("behind-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("short");
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.EXPIRED);
        dead.ack();
    }

    @Test
    @DisplayName("an auto-delete queue is deleted when its last consumer is cancelled")
    void autoDelete() {
        String q = queue(QueueSpec.builder(n("auto")).durable(false).autoDelete(true).build());
        Consumer c = consume(q, ConsumerOptions.defaults(), d -> { });
        assertThat(broker().queueInfo(q).consumerCount()).isEqualTo(1);

        c.cancel();

        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> broker().queueInfo(q))
                .isInstanceOf(NotFoundException.class));
    }

    @Test
    @DisplayName("deleting a queue stops its consumers")
    void deleteQueueStopsConsumers() {
        String q = n("deleted-under-consumer");
        broker().declareQueue(QueueSpec.durable(q));
        Consumer c = consume(q, ConsumerOptions.defaults(), d -> { });

        broker().deleteQueue(q);

        await().atMost(WAIT).until(() -> !c.isActive());
        assertThatThrownBy(() -> broker().queueInfo(q)).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("max-length with drop-head dead-letters the oldest message (maxlen)")
    void maxLengthDropHead() {
        String dlx = deadLetterQueueFor("maxlen");
        String q = queue(QueueSpec.builder(n("maxlen-work")).maxLength(2).deadLetterExchange(dlx).build());

        broker().publish("", q, text("1"));
        broker().publish("", q, text("2"));
        assertThat(broker().publish("", q, text("3"))).isEqualTo(PublishOutcome.CONFIRMED);

        Delivery dead = next(n("maxlen-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("1");
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.MAXLEN);
        dead.ack();
        assertThat(drainBodies(q)).containsExactly("2", "3");
    }

    @Test
    @DisplayName("max-length with reject-publish refuses the new message with a negative confirm")
    void maxLengthRejectPublish() {
        String q = queue(QueueSpec.builder(n("full")).maxLength(1).overflow(Overflow.REJECT_PUBLISH).build());

        assertThat(broker().publish("", q, text("1"))).isEqualTo(PublishOutcome.CONFIRMED);
        assertThat(broker().publish("", q, text("2"))).isEqualTo(PublishOutcome.REJECTED);

        assertThat(drainBodies(q)).containsExactly("1");
    }

    @Test
    @DisplayName("a quorum queue counts returns in x-delivery-count and dead-letters past the delivery limit")
    void deliveryLimit() {
        String dlx = deadLetterQueueFor("limit");
        String q = queue(QueueSpec.builder(n("limit-work")).type(QueueType.QUORUM).deliveryLimit(2)
                .deadLetterExchange(dlx).build());
        broker().publish("", q, text("poison"));

        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Delivery d = next(q);
            counts.add(d.deliveryCount());
            assertThat(d.redelivered()).isEqualTo(i > 0);
            d.nack(true);
        }

        assertThat(counts).containsExactly(0L, 1L, 2L);
        Delivery dead = next(n("limit-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("poison");
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.DELIVERY_LIMIT);
        dead.ack();
        awaitReady(q, 0);
    }

    @Test
    @DisplayName("a message that dies twice in the same queue for the same reason has one x-death entry with count 2")
    void deathCountIncrements() {
        String retry = n("cycle-retry");
        String work = queue(QueueSpec.builder(n("cycle-work")).deadLetterExchange("").deadLetterRoutingKey(retry)
                .build());
        queue(QueueSpec.builder(retry).messageTtl(TTL).deadLetterExchange("").deadLetterRoutingKey(work).build());
        broker().publish("", work, text("again"));

        next(work).reject(false);
        letTimePass(TTL.plusMillis(1));
        next(work).reject(false);
        letTimePass(TTL.plusMillis(1));
        Delivery third = next(work);

        List<Death> deaths = third.deaths();
        assertThat(deaths).extracting(Death::queue).containsExactlyInAnyOrder(work, retry);
        assertThat(deaths).allSatisfy(d -> assertThat(d.count()).isEqualTo(2));
        assertThat(deaths.get(0).queue()).as("most recent death first").isEqualTo(retry);
        third.ack();
    }

    // ---- consumers ----------------------------------------------------------------------------

    @Test
    @DisplayName("a consumer's handler that returns acks; one that throws dead-letters (the default policy)")
    void handlerOutcome() {
        String dlx = deadLetterQueueFor("handler");
        String q = queue(QueueSpec.builder(n("handler-work")).deadLetterExchange(dlx).build());
        List<String> handled = new CopyOnWriteArrayList<>();
        consume(q, ConsumerOptions.defaults(), d -> {
            handled.add(d.message().bodyAsText());
            if (d.message().bodyAsText().equals("bad")) {
                throw new IllegalStateException("cannot handle it");
            }
        });

        broker().publish("", q, text("good"));
        broker().publish("", q, text("bad"));

        Delivery dead = next(n("handler-dlq"));
        assertThat(dead.message().bodyAsText()).isEqualTo("bad");
        assertThat(dead.deaths().get(0).reason()).isEqualTo(Death.REJECTED);
        dead.ack();
        assertThat(handled).containsExactly("good", "bad");
        awaitReady(q, 0);
    }

    @Test
    @DisplayName("competing consumers share a queue: each message goes to exactly one of them")
    void competingConsumers() {
        String q = queue("compete");
        Map<String, String> byMessage = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> duplicates = new CopyOnWriteArrayList<>();
        for (String name : List.of("c1", "c2")) {
            consume(q, ConsumerOptions.defaults().withPrefetch(1), d -> {
                if (byMessage.put(d.message().bodyAsText(), name) != null) {
                    duplicates.add(d.message().bodyAsText());
                }
            });
        }

        for (int i = 0; i < 40; i++) {
            broker().publish("", q, text("m" + i));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(byMessage).hasSize(40));
        assertThat(duplicates).isEmpty();
        assertThat(byMessage.values()).as("both consumers got work").contains("c1", "c2");
        awaitReady(q, 0);
    }

    @Test
    @DisplayName("prefetch bounds the unsettled deliveries a consumer holds; the rest stay ready")
    void prefetch() throws Exception {
        String q = queue("prefetch");
        for (int i = 0; i < 5; i++) {
            broker().publish("", q, text("m" + i));
        }
        awaitReady(q, 5);
        LinkedBlockingQueue<Delivery> held = new LinkedBlockingQueue<>();
        CountDownLatch release = new CountDownLatch(1);
        consume(q, ConsumerOptions.defaults().withPrefetch(2), d -> {
            held.add(d);
            release.await(); // hold the delivery unsettled
        });

        // the handler runs one delivery at a time; the second one waits in the consumer's buffer
        assertThat(held.poll(10, TimeUnit.SECONDS)).isNotNull();
        awaitReady(q, 3);
        release.countDown();
        awaitReady(q, 0);
    }

    @Test
    @DisplayName("a cancelled consumer's unsettled deliveries go back to the queue, marked redelivered")
    void cancelReturnsUnsettled() throws Exception {
        String q = queue("cancel");
        broker().publish("", q, text("a"));
        broker().publish("", q, text("b"));
        awaitReady(q, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        Consumer c = consume(q, ConsumerOptions.defaults().withPrefetch(2), d -> {
            handled.add(d.message().bodyAsText());
            started.countDown();
            release.await(); // "a" is in the handler, "b" waits in the consumer's buffer
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread canceller = new Thread(c::cancel, "canceller");
        canceller.start();
        await().atMost(WAIT).until(() -> !c.isActive());
        release.countDown(); // "a" returns normally: acked
        canceller.join(10_000);

        Delivery again = next(q);
        assertThat(again.message().bodyAsText()).isEqualTo("b");
        assertThat(again.redelivered()).isTrue();
        again.ack();
        assertThat(handled).containsExactly("a");
        assertThat(broker().get(q)).as("'a' was acked").isEmpty();
    }
}
