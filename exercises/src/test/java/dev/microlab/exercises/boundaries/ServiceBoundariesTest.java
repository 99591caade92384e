package dev.microlab.exercises.boundaries;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.microlab.archunit.ServiceBoundaryRules;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Exercise 13 is graded with microlab's own rule set, {@link ServiceBoundaryRules} (module
 * {@code archunit-rules}): the very rules the reference shop in {@code docs} follows, and that an
 * application can add to its own build.
 */
@Tag("service-boundaries")
@DisplayName("Exercise 13 · Service boundaries")
class ServiceBoundariesTest {

    private static final String SHOP = "dev.microlab.exercises.boundaries";

    /** The shop's two services ({@code inventory}, {@code orders}); {@link Shop} is their composition root. */
    private static final ServiceBoundaryRules.Services SERVICES = ServiceBoundaryRules.forServicesIn(SHOP);

    /** The shop's classes, read from the folder {@link Shop} was compiled into (your build, not another one). */
    private static final JavaClasses CLASSES = new ClassFileImporter().importPath(shopFolder());

    private static Path shopFolder() {
        try {
            Path root = Path.of(Shop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(SHOP.replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the folder of the shop's classes", e);
        }
    }

    @Test
    @DisplayName("each service reaches the other only through the other's API")
    void servicesTalkOnlyThroughTheirApis() {
        ArchRule rule = SERVICES.talkOnlyThroughApi()
                .because("a service's internals (its tables, its repository) are its own business: another service "
                        + "that uses them bypasses its rules. Orders should use InventoryApi");
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
        SERVICES.beFreeOfCycles().check(CLASSES);
    }

    @Test
    @DisplayName("every rule of microlab's ServiceBoundaryRules holds (an api holds only the contract, and more)")
    void everyServiceBoundaryRuleHolds() {
        // Moving a class into an api package does not make it part of the contract: the rule set also
        // checks that an api holds only interfaces, immutable values and exceptions that reach no
        // service's internals, and that no service uses the composition root (Shop).
        CompositeArchRule.of(SERVICES.all()).check(CLASSES);
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
