package dev.microlab.docs.shop;

import dev.microlab.core.retry.RetryEvent;
import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenario;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.StockLevel;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.registry.OutlierEvent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference shop end to end: a normal order runs the saga across order, inventory, payment
 * and shipping; a declined payment is compensated (the stock comes back); then payment-2 starts
 * refusing connections, the retry carries each charge to payment-1, outlier detection ejects
 * payment-2 and, once healed, lets it back in. Every call is drawn in a sequence diagram.
 *
 * <pre>{@code
 * Narrator narrator = new Narrator(System.out::println);
 * new ShopScenario().run(narrator);          // or: ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args="run shop"
 * }</pre>
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ShopScenario implements Scenario {

    private static final Map<String, String> LANES = Map.of(
            "inventory-1", "I", Shop.PAYMENT_1, "P1", Shop.PAYMENT_2, "P2", "shipping-1", "S");

    @Override
    public String name() {
        return "shop";
    }

    @Override
    public String title() {
        return "the reference shop: an order saga across four services, a declined payment compensated,"
                + " a flaky payment instance ejected";
    }

    @Override
    public List<String> patterns() {
        return List.of("saga", "service-registry", "circuit-breaker", "retry", "cqrs", "event-store");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        SequenceDiagram sequence = new SequenceDiagram("the shop: a normal order, a declined payment, a flaky instance")
                .participant("C", "customer")
                .participant("O", "order service (saga)")
                .participant("I", "inventory-1")
                .participant("P1", "payment-1")
                .participant("P2", "payment-2")
                .participant("S", "shipping-1");
        try (Shop shop = Shop.builder(narrator.time(), narrator.scheduler())
                .stock("book", 10).wallet("alice", 10_000).wallet("bob", 500).build()) {
            shop.network().observe(call -> {
                String lane = LANES.get(call.instanceId());
                sequence.call("O", lane, call.operation());
                if (call.answer().equals("ok")) {
                    sequence.reply(lane, "O", "ok");
                } else {
                    sequence.failure(lane, "O", call.answer());
                }
                if (!call.replied()) {
                    narrator.say(call.delivered()
                            ? call.instanceId() + " applied " + call.operation() + " but its reply was lost"
                            : call.instanceId() + " refused the connection: the " + call.operation()
                                    + " never arrived");
                }
            });
            AtomicBoolean retried = new AtomicBoolean();
            shop.retry(Shop.PAYMENT).eventPublisher().subscribe(event -> {
                if (event instanceof RetryEvent.RetryScheduled scheduled) {
                    String text = "the payment retry waits " + scheduled.delay().toMillis()
                            + " ms and tries again: the load balancer picks the other instance";
                    if (retried.compareAndSet(false, true)) {
                        narrator.milestone("charge-retried", text);
                    } else {
                        narrator.say(text);
                    }
                }
            });
            shop.paymentOutliers().eventPublisher().subscribe(event -> {
                if (event instanceof OutlierEvent.HostEjected ejected) {
                    sequence.note("P2", "ejected for " + ejected.duration().toSeconds() + " s");
                    narrator.milestone("instance-ejected", ejected.instance().instanceId() + " hit the limit of "
                            + "failures in a row: outlier detection ejects it for " + ejected.duration().toSeconds()
                            + " s (" + ejected.ejected() + " of " + ejected.hosts() + " hosts ejected)");
                } else if (event instanceof OutlierEvent.HostReturned returned) {
                    sequence.note("P2", "back in the pool");
                    narrator.milestone("instance-returned", returned.instance().instanceId()
                            + "'s ejection is over: it is back in the load balancer's pool");
                }
            });
            narrator.milestone("shop-started", "four services up: " + shop.registry().services().stream().sorted()
                    .map(s -> s + " x" + shop.registry().instances(s).size()).toList()
                    + "; 10 books in stock; alice has 100.00, bob 5.00");

            // 1. a normal order
            OrderReceipt first = place(shop, narrator, sequence, new PlaceOrder("o-1001", "alice", "book", 2, 1_250));
            OrderView view = shop.orders().order(new GetOrder("o-1001")).orElseThrow();
            narrator.milestone("order-shipped", "o-1001 shipped: validated, 2 books reserved, "
                    + money(view.totalCents()) + " charged (" + first.paymentId() + "), parcel " + first.trackingId());
            narrator.milestone("read-model-updated", "the order read model (a CQRS projection of the order "
                    + "events) says o-1001 is " + view.status() + ", at position " + shop.readModelPosition());

            // 2. a declined payment, compensated
            narrator.time().advance(Duration.ofSeconds(5));
            OrderReceipt declined = place(shop, narrator, sequence, new PlaceOrder("o-1002", "bob", "book", 1, 1_250));
            narrator.milestone("payment-declined", "o-1002 " + declined.status() + ": " + declined.reason());
            StockLevel stock = shop.inventory().stock(new GetStock("book"));
            narrator.milestone("inventory-released", "compensation ran in reverse: the reservation was released ("
                    + stock.available() + " available, " + stock.reserved() + " reserved, all by o-1001)"
                    + " and the order cancelled;"
                    + " bob still has " + shop.payments().wallet(new GetWallet("bob")).balanceCents() + " cents");

            // 3. a flaky payment instance, ejected
            narrator.time().advance(Duration.ofSeconds(5));
            shop.network().inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);
            sequence.note("P2", "starts refusing connections");
            narrator.milestone("instance-flaky", "payment-2 starts refusing connections");
            long refusedBefore = refused(shop);
            int shipped = 0;
            for (int i = 3; i <= 6; i++) {
                narrator.time().advance(Duration.ofSeconds(1));
                OrderReceipt r = place(shop, narrator, sequence,
                        new PlaceOrder("o-100" + i, "alice", "book", 1, 1_250));
                shipped += r.status() == OrderStatus.SHIPPED ? 1 : 0;
            }
            narrator.milestone("orders-kept-flowing", shipped + " of 4 orders shipped while payment-2 was failing;"
                    + " payment-2 refused " + (refused(shop) - refusedBefore) + " attempts before it was ejected,"
                    + " and the payment breaker stayed " + shop.breaker(Shop.PAYMENT).state());

            shop.network().inject(Shop.PAYMENT_2, Network.Fault.NONE);
            narrator.say("payment-2 is healed; 40 virtual seconds pass");
            narrator.scheduler().advance(Duration.ofSeconds(40));
            long before = shop.network().delivered(Shop.PAYMENT_2);
            place(shop, narrator, sequence, new PlaceOrder("o-1007", "alice", "book", 1, 1_250));
            place(shop, narrator, sequence, new PlaceOrder("o-1008", "alice", "book", 1, 1_250));
            narrator.milestone("balanced-again", "o-1007 and o-1008 shipped; payment-2 took "
                    + (shop.network().delivered(Shop.PAYMENT_2) - before) + " of their 2 charges: round robin again");

            // 4. shipping down: the customer's order page degrades instead of failing
            shop.network().observe(call -> { }); // the storefront's calls are not the order saga's: not drawn
            shop.network().inject("shipping-1", Network.Fault.REFUSE_CONNECTIONS);
            narrator.say("shipping-1 goes down; alice opens the page of o-1001");
            OrderPage page = shop.storefront().orderPage("o-1001").toCompletableFuture().join().orElseThrow();
            narrator.milestone("page-degraded", "the storefront shows o-1001 as " + page.order().status()
                    + " (from the " + page.orderSource().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ") with \"" + String.join("; ", page.notices()) + "\" instead of an error");
        }
        narrator.draw(sequence);
    }

    private static OrderReceipt place(Shop shop, Narrator narrator, SequenceDiagram sequence, PlaceOrder order)
            throws InterruptedException {
        sequence.call("C", "O", "place " + order.orderId());
        narrator.say(order.customerId() + " orders " + order.quantity() + " x " + order.sku() + " (" + order.orderId()
                + ")");
        OrderReceipt receipt = shop.place(order);
        if (receipt.status() == OrderStatus.SHIPPED) {
            sequence.reply("O", "C", order.orderId() + " shipped");
        } else {
            sequence.failure("O", "C", order.orderId() + " " + receipt.status().name().toLowerCase(Locale.ROOT));
        }
        return receipt;
    }

    private static long refused(Shop shop) {
        return shop.network().calls().stream().filter(c -> c.instanceId().equals(Shop.PAYMENT_2) && !c.delivered())
                .count();
    }

    private static String money(long cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }
}
