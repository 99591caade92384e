package dev.microlab.docs.scenario;

import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.docs.shop.Shop;
import dev.microlab.docs.shop.order.api.OrderPlaced;
import dev.microlab.docs.shop.order.api.PlaceOrderCommand;
import dev.microlab.registry.OutlierEvent;
import dev.microlab.saga.SagaEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference shop end to end: a normal order; an order whose payment is declined, so the
 * stock reservation is compensated; then payment-2 turns flaky — each of its failures is
 * retried on payment-1 so orders still complete, and after three failures in a row outlier
 * detection ejects payment-2 and orders stop reaching it.
 *
 * <p>The shop runs on the narrator's clock, scheduler and sleeper (the retry's 100 ms waits
 * move virtual time). This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ShopScenario implements Scenario {

    @Override
    public String name() {
        return "shop";
    }

    @Override
    public String title() {
        return "the reference shop: an order, a declined payment compensated, a flaky payment instance ejected";
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        SequenceDiagram sequence = new SequenceDiagram("the reference shop")
                .participant("O", "order service")
                .participant("I", "inventory")
                .participant("P1", "payment-1")
                .participant("P2", "payment-2")
                .participant("S", "shipping");
        try (Shop shop = Shop.create(narrator.time(), narrator.scheduler(), narrator.time().sleeper())) {
            List<String> compensated = new ArrayList<>();
            shop.orders().sagaEvents().subscribe(event -> {
                if (event instanceof SagaEvent.CompensationSucceeded undone) {
                    compensated.add(undone.step());
                }
            });
            shop.paymentOutliers().subscribe(event -> {
                if (event instanceof OutlierEvent.HostEjected ejected) {
                    sequence.note("P2", "ejected for " + ejected.duration().toSeconds() + " s");
                    narrator.milestone("instance-ejected", ejected.instance().instanceId()
                            + " failed 3 calls in a row: outlier detection ejects it for "
                            + ejected.duration().toSeconds() + " s");
                }
            });

            OrderPlaced first = place(narrator, shop, sequence, compensated, new PlaceOrderCommand("o1", "book", 1, 2_500));
            narrator.milestone("order-completed", "o1 " + first.state() + ": paid by " + first.paidBy() + " ("
                    + first.paymentId() + "), shipped as " + first.trackingId() + "; "
                    + shop.inventory().available("book") + " books left");

            OrderPlaced declined = place(narrator, shop, sequence, compensated, new PlaceOrderCommand("o2", "book", 2, 50_000));
            narrator.milestone("order-compensated", "o2 " + declined.state() + ": the payment was declined, so its"
                    + " stock reservation was released — " + shop.inventory().available("book") + " books left");

            shop.payment("payment-2").flaky(true);
            narrator.say("payment-2 starts dropping connections");
            List<String> paidBy = new ArrayList<>();
            for (int i = 3; i <= 8; i++) {
                OrderPlaced placed = place(narrator, shop, sequence, compensated, new PlaceOrderCommand("o" + i, "pen", 1, 800));
                paidBy.add(placed.orderId() + " " + placed.state() + " by " + placed.paidBy());
            }
            narrator.milestone("retries-hide-flaky-instance", "every order still completes — a failed call to"
                    + " payment-2 is retried and lands on payment-1: " + String.join(", ", paidBy));

            int before = shop.payment("payment-2").calls();
            for (int i = 9; i <= 10; i++) {
                place(narrator, shop, sequence, compensated, new PlaceOrderCommand("o" + i, "pen", 1, 800));
            }
            narrator.milestone("orders-avoid-ejected", "o9 and o10 complete without touching payment-2 ("
                    + (shop.payment("payment-2").calls() - before) + " calls reached it)");
        }
        narrator.draw(sequence);
    }

    private static OrderPlaced place(Narrator narrator, Shop shop, SequenceDiagram sequence, List<String> compensated,
            PlaceOrderCommand command) {
        narrator.time().advance(Duration.ofSeconds(1));
        int p1Before = shop.payment("payment-1").calls();
        int p2Before = shop.payment("payment-2").calls();
        compensated.clear();
        OrderPlaced placed = shop.orders().place(command);
        int p1Calls = shop.payment("payment-1").calls() - p1Before;
        int p2Calls = shop.payment("payment-2").calls() - p2Before;
        boolean p2Failed = p2Calls > 0 && p1Calls > 0;   // payment-2 was tried, then the retry reached payment-1
        sequence.call("O", "I", "reserve " + command.quantity() + " " + command.sku() + " (" + command.orderId() + ")");
        if (p2Failed) {
            sequence.call("O", "P2", "charge " + command.orderId()).failure("P2", "O", "connection reset, retry");
        }
        String payer = p1Calls > 0 ? "P1" : "P2";
        if (placed.paymentId().isEmpty()) {
            sequence.call("O", payer, "charge " + command.orderId()).failure(payer, "O", "declined");
            compensated.forEach(step -> sequence.call("O", "I", "compensate " + step).reply("I", "O", "released"));
        } else {
            sequence.call("O", payer, "charge " + command.orderId()).reply(payer, "O", placed.paymentId());
            sequence.call("O", "S", "ship " + command.orderId()).reply("S", "O", placed.trackingId());
        }
        narrator.say(command.orderId() + ": " + placed.state()
                + (placed.paidBy().isEmpty() ? "" : ", paid by " + placed.paidBy())
                + (p2Failed ? " after a failed call to payment-2" : ""));
        return placed;
    }
}
