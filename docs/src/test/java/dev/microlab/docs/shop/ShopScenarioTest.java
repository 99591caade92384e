package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.docs.diagram.Diagram;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenarios;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shop scenario")
class ShopScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new ShopScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).as("the story: a normal order, a declined payment, a flaky instance")
                .containsExactly("shop-started", "order-shipped", "read-model-updated", "payment-declined",
                        "inventory-released", "instance-flaky", "charge-retried", "instance-ejected",
                        "orders-kept-flowing", "instance-returned", "balanced-again", "page-degraded");
    }

    @Test
    @DisplayName("is registered in the catalog as 'shop'")
    void registered() {
        assertThat(Scenarios.find("shop")).as("run shop finds it").get().isInstanceOf(ShopScenario.class);
    }

    @Test
    @DisplayName("ships the normal order and shows it in the read model")
    void normalOrder() {
        assertThat(narrator.milestone("order-shipped").text()).as("o-1001 went through every step")
                .contains("o-1001 shipped").contains("25.00 charged").contains("parcel TRK-0001");
        assertThat(narrator.milestone("read-model-updated").text()).as("the projection caught up")
                .contains("o-1001 is SHIPPED");
    }

    @Test
    @DisplayName("cancels the declined order and releases its stock")
    void declinedOrder() {
        assertThat(narrator.milestone("payment-declined").text()).as("bob's payment is declined")
                .contains("o-1002 CANCELLED").contains("payment declined");
        assertThat(narrator.milestone("inventory-released").text())
                .as("8 books left after o-1001; only o-1001's 2 stay reserved")
                .contains("8 available, 2 reserved").contains("bob still has 500 cents");
        assertThat(narrator.milestone("payment-declined").at()).as("five virtual seconds after the first order")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("retries around the flaky instance, ejects it, keeps orders flowing and lets it back in")
    void flakyInstance() {
        assertThat(narrator.milestone("instance-ejected").text()).as("payment-2 is ejected for the base time")
                .contains("payment-2").contains("30 s").contains("1 of 2 hosts");
        assertThat(narrator.milestone("orders-kept-flowing").text()).as("no order was lost to the flaky instance")
                .contains("4 of 4 orders shipped").contains("refused 2 attempts").contains("stayed CLOSED");
        assertThat(narrator.milestone("instance-returned").at())
                .as("payment-2 returns at the first detector interval after 30 s of ejection")
                .isGreaterThan(narrator.milestone("instance-ejected").at().plusSeconds(30));
        assertThat(narrator.milestone("balanced-again").text()).as("round robin includes payment-2 again")
                .contains("payment-2 took 1 of their 2 charges");
    }

    @Test
    @DisplayName("draws every call, failure and ejection in a sequence diagram")
    void diagram() {
        assertThat(narrator.diagrams()).as("one sequence diagram").hasSize(1);
        String mermaid = narrator.diagrams().get(0).render();
        assertThat(mermaid).as("the diagram shows the calls, the refusal and the ejection")
                .startsWith("sequenceDiagram")
                .contains("O->>P1: charge", "P2--xO: PaymentDeclinedException", "P2--xO: connection refused", "Note over P2: ejected for 30 s",
                        "O--xC: o-1002 cancelled", "Note over P2: back in the pool");
        assertThat(narrator.diagrams()).extracting(Diagram::title).as("its title")
                .containsExactly("the shop: a normal order, a declined payment, a flaky instance");
    }

    @Test
    @DisplayName("with shipping down, the order page degrades instead of failing")
    void pageDegrades() {
        assertThat(narrator.milestone("page-degraded").text())
                .contains("o-1001 as SHIPPED", "from the order service", OrderPage.SHIPPING_ESTIMATE_UNAVAILABLE);
    }
}
