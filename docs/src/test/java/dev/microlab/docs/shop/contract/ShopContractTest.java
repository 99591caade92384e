package dev.microlab.docs.shop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.shop.Network;
import dev.microlab.docs.shop.Shop;
import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.order.api.OrderService;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The shop's consumer-driven contracts")
class ShopContractTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final Shop shop = Shop.builder(time, new ManualScheduler(time))
            .stock("book", 10).wallet("alice", 10_000).wallet("bob", 100).build();

    @AfterEach
    void close() {
        shop.close();
    }

    static Stream<Interaction> interactions() {
        return Stream.concat(ShopContracts.ORDER_SERVICE.stream(), ShopContracts.STOREFRONT.stream());
    }

    /** The provider of an api, in the state the interactions assume: o1 placed by alice. */
    private Object provider(Class<?> api) throws Exception {
        if (api == OrderService.class) {
            assertThat(shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250)).status())
                    .isEqualTo(OrderStatus.SHIPPED);
            return shop.orders();
        }
        Map<Class<?>, Object> providers = Map.of(InventoryService.class, shop.inventory(),
                PaymentService.class, shop.payments(), ShippingService.class, shop.shipping());
        return providers.get(api);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interactions")
    @DisplayName("the provider honours what the consumer relies on")
    void providerHonoursTheContract(Interaction interaction) throws Exception {
        assertThat(ContractVerifier.verify(interaction, provider(interaction.providerApi())))
                .as(interaction.name()).isEmpty();
    }

    @Test
    @DisplayName("every call the order service and the storefront make in a shop run is in their contracts")
    void contractsCoverWhatConsumersCall() throws Exception {
        // a shipped order, a declined one (release compensates), an order page
        shop.place(new PlaceOrder("o1", "alice", "book", 2, 1_250));
        shop.place(new PlaceOrder("o2", "bob", "book", 1, 1_250));
        shop.storefront().orderPage("o1").toCompletableFuture().get();

        Set<String> called = new TreeSet<>();
        for (Network.Call call : shop.network().calls()) {
            called.add(call.operation());
        }
        List<String> declared = new ArrayList<>();
        interactions().forEach(i -> declared.add(i.operation()));
        assertThat(called).as("operations called over the network").contains("reserve", "charge", "schedule",
                "release", "estimate");
        assertThat(declared).as("operations the contracts declare").containsAll(called);
    }
}
