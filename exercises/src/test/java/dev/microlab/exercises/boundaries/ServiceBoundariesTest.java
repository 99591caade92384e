package dev.microlab.exercises.boundaries;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("service-boundaries")
@DisplayName("Exercise 13 · Service boundaries")
class ServiceBoundariesTest {

    private static final String SHOP = "dev.microlab.exercises.boundaries";

    /** The shop's production classes (not its tests). */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SHOP);

    @Test
    @DisplayName("the order service reaches inventory only through inventory's API")
    void ordersUseOnlyInventoryApi() {
        ArchRule rule = noClasses().that().resideInAPackage("..boundaries.orders..")
                .should().dependOnClassesThat().resideInAPackage("..boundaries.inventory.internal..")
                .because("inventory's internals (its tables, its repository) are its own business: "
                        + "another service that writes them bypasses inventory's rules. Use InventoryApi");
        rule.check(CLASSES);
    }

    @Test
    @DisplayName("the inventory service knows nothing about the order service (it is upstream)")
    void inventoryIsUpstream() {
        ArchRule rule = noClasses().that().resideInAPackage("..boundaries.inventory..")
                .should().dependOnClassesThat().resideInAPackage("..boundaries.orders..")
                .because("inventory serves many callers; if it knows the order service, neither can change "
                        + "or be deployed alone. Whether an order exists is the order service's concern");
        rule.check(CLASSES);
    }

    @Test
    @DisplayName("there is no dependency cycle between the two services")
    void noCycles() {
        ArchRule rule = slices().matching(SHOP + ".(*)..").should().beFreeOfCycles()
                .because("two services that depend on each other are one service split in two");
        rule.check(CLASSES);
    }

    @Test
    @DisplayName("the shop still works: orders reserve stock through inventory, and inventory serves any caller")
    void shopStillWorks() {
        // Given
        Shop shop = Shop.withStock(Map.of("book", 3, "pen", 1));

        // When
        boolean placed = shop.orders().place("order-1", "book", 2);
        boolean tooMany = shop.orders().place("order-2", "pen", 5);
        boolean direct = shop.inventory().reserve("order-9", "pen", 1);

        // Then
        assertThat(placed).as("2 of the 3 books are there: the order is placed").isTrue();
        assertThat(shop.inventory().available("book")).as("and inventory reserved them").isEqualTo(1);
        assertThat(tooMany).as("5 pens out of 1: refused").isFalse();
        assertThat(shop.orders().placedOrders()).as("only order-1 was placed").containsExactly("order-1");
        assertThat(direct).as("inventory's API reserves for any caller (another service, a test), "
                + "without asking the order service about the order").isTrue();
        assertThat(shop.inventory().available("pen")).as("the last pen is reserved").isZero();
    }
}
