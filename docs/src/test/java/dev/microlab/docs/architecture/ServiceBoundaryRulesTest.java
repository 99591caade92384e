package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.microlab.archunit.ServiceBoundaryRules;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each rule is proved twice: it reports the deliberate violation in {@code fixtures.boundaries.bad}
 * with a message a person can act on, and it passes on {@code fixtures.boundaries.good}.
 */
@DisplayName("The service boundary rule set")
class ServiceBoundaryRulesTest {

    private static final JavaClasses BAD = new ClassFileImporter().importPackages("fixtures.boundaries.bad");
    private static final JavaClasses GOOD = new ClassFileImporter().importPackages("fixtures.boundaries.good");
    private static final ServiceBoundaryRules.Services BAD_SHOP =
            ServiceBoundaryRules.forServicesIn("fixtures.boundaries.bad");
    private static final ServiceBoundaryRules.Services GOOD_SHOP =
            ServiceBoundaryRules.forServicesIn("fixtures.boundaries.good");

    private static List<String> violations(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        return result.hasViolation() ? result.getFailureReport().getDetails() : List.of();
    }

    private static String report(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).getFailureReport().toString();
    }

    @Nested
    @DisplayName("'a service touches another only through its api'")
    class OnlyThroughApi {

        @Test
        @DisplayName("reports order using payment's domain package, and says what to do")
        void catchesNonApiAccess() {
            assertThat(violations(BAD_SHOP.talkOnlyThroughApi(), BAD))
                    .as("order.internal.OrderService uses payment.domain.Money")
                    .anySatisfy(v -> assertThat(v)
                            .contains("Service 'order' reaches into 'payment.domain'")
                            .contains("fixtures.boundaries.bad.order.internal.OrderService")
                            .contains("fixtures.boundaries.bad.payment.domain.Money")
                            .contains("OrderService.java:")
                            .contains("only through fixtures.boundaries.bad.payment.api"));
        }

        @Test
        @DisplayName("passes when services use each other's api only (and the composition root wires internals)")
        void passesOnGoodShop() {
            assertThat(violations(GOOD_SHOP.talkOnlyThroughApi(), GOOD)).as("the good shop's violations").isEmpty();
        }
    }

    @Nested
    @DisplayName("'no service reaches another's persistence'")
    class PersistencePrivate {

        @Test
        @DisplayName("reports order using payment's internal ledger, naming database per service")
        void catchesForeignPersistence() {
            List<String> violations = violations(BAD_SHOP.keepPersistencePrivate(), BAD);

            assertThat(violations).as("order.internal.OrderService uses payment.internal.PaymentLedger")
                    .anySatisfy(v -> assertThat(v)
                            .contains("Service 'order' reaches into 'payment.internal'")
                            .contains("fixtures.boundaries.bad.payment.internal.PaymentLedger")
                            .contains("database per service"));
            assertThat(violations).as("payment.domain is not persistence: the api rule reports it, not this one")
                    .noneSatisfy(v -> assertThat(v).contains("reaches into 'payment.domain'"));
        }

        @Test
        @DisplayName("passes on the good shop")
        void passesOnGoodShop() {
            assertThat(violations(GOOD_SHOP.keepPersistencePrivate(), GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'no cycles between services'")
    class NoCycles {

        @Test
        @DisplayName("reports order <-> payment, naming both services")
        void catchesCycle() {
            String report = report(BAD_SHOP.beFreeOfCycles(), BAD);

            assertThat(report).as("the cycle report")
                    .contains("service 'order'").contains("service 'payment'")
                    .contains("publish an event");
        }

        @Test
        @DisplayName("passes when dependencies go one way")
        void passesOnGoodShop() {
            assertThat(violations(GOOD_SHOP.beFreeOfCycles(), GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'api types are immutable'")
    class Immutable {

        @Test
        @DisplayName("reports a non-final field and a setter on an event")
        void catchesMutableEvent() {
            assertThat(violations(ServiceBoundaryRules.API_TYPES_ARE_IMMUTABLE, BAD))
                    .as("OrderPlacedEvent's field and setter")
                    .anySatisfy(v -> assertThat(v).contains("OrderPlacedEvent has non-final field 'orderId'")
                            .contains("make the field final"))
                    .anySatisfy(v -> assertThat(v).contains("OrderPlacedEvent has setter setOrderId(..)")
                            .contains("create a new instance"));
        }

        @Test
        @DisplayName("reports an array inside a record command")
        void catchesArrayInRecord() {
            assertThat(violations(BAD_SHOP.apiTypesAreImmutable(), BAD))
                    .as("RefundCommand.lines is a String[]")
                    .anySatisfy(v -> assertThat(v).contains("RefundCommand has field 'lines' of mutable type")
                            .contains("List.copyOf"));
        }

        @Test
        @DisplayName("reports a plain DTO that is neither a record nor named *Event/*Command")
        void catchesMutableDto() {
            assertThat(violations(BAD_SHOP.apiTypesAreImmutable(), BAD))
                    .as("PlaceOrderRequest's non-final field and setter, at its source line")
                    .anySatisfy(v -> assertThat(v)
                            .contains("fixtures.boundaries.bad.order.api.PlaceOrderRequest has non-final field 'cents'")
                            .contains("PlaceOrderRequest.java:")
                            .contains("make the field final, or make PlaceOrderRequest a record"))
                    .anySatisfy(v -> assertThat(v).contains("PlaceOrderRequest has setter setCents(..)")
                            .contains("'with' method returning a copy"));
        }

        @Test
        @DisplayName("reports an exception's own non-final field, but not the state it inherits from Throwable")
        void catchesMutableExceptionField() {
            List<String> violations = violations(BAD_SHOP.apiTypesAreImmutable(), BAD);

            assertThat(violations).as("PaymentFailedException.attempts is not final")
                    .anySatisfy(v -> assertThat(v).contains("PaymentFailedException has non-final field 'attempts'")
                            .contains("make the field final"));
            assertThat(violations).as("only the field it declares: Throwable's cause and stack trace are not reported")
                    .filteredOn(v -> v.contains("PaymentFailedException")).hasSize(1);
        }

        @Test
        @DisplayName("reports a mutable field and a setter on an enum")
        void catchesMutableEnum() {
            assertThat(violations(BAD_SHOP.apiTypesAreImmutable(), BAD))
                    .as("PaymentState.note is global mutable state shared through the constants")
                    .anySatisfy(v -> assertThat(v).contains("PaymentState has non-final field 'note'"))
                    .anySatisfy(v -> assertThat(v).contains("PaymentState has setter setNote(..)"));
        }

        @Test
        @DisplayName("passes on records, final classes with 'with' methods, an enum, an exception and an interface")
        void passesOnGoodShop() {
            assertThat(violations(ServiceBoundaryRules.API_TYPES_ARE_IMMUTABLE, GOOD)).isEmpty();
            assertThat(violations(GOOD_SHOP.apiTypesAreImmutable(), GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'an api holds only the contract'")
    class ApiHoldsOnlyTheContract {

        private final JavaClasses moved = new ClassFileImporter().importPackages("fixtures.boundaries.moved");
        private final ServiceBoundaryRules.Services movedShop = ServiceBoundaryRules.forServicesIn("fixtures.boundaries.moved");

        @Test
        @DisplayName("catches an internal class moved into an api package, which the other rules let through")
        void catchesAnImplementationMovedIntoTheApi() {
            assertThat(violations(movedShop.talkOnlyThroughApi(), moved))
                    .as("the order service now uses only stock's api package: this rule alone is fooled").isEmpty();

            List<String> violations = violations(movedShop.apiHoldsOnlyTheContract(), moved);

            assertThat(violations)
                    .anySatisfy(v -> assertThat(v).contains("StockService").contains("implements the api interface StockApi")
                            .contains("Move StockService into fixtures.boundaries.moved.stock.internal"))
                    .anySatisfy(v -> assertThat(v).contains("The api of 'stock' reaches into 'stock.internal'")
                            .contains("StockTable"));
        }

        @Test
        @DisplayName("passes on interfaces, records, final value classes, an enum and exceptions")
        void passesOnGoodShop() {
            assertThat(violations(GOOD_SHOP.apiHoldsOnlyTheContract(), GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'services do not depend on the composition root'")
    class CompositionRoot {

        @Test
        @DisplayName("reports shipping reaching payment's ledger through a helper in the base package")
        void catchesBackDoorThroughBasePackage() {
            assertThat(violations(BAD_SHOP.notDependOnCompositionRoot(), BAD))
                    .as("shipping.internal.ShippingDesk calls the base-package helper LedgerShortcut")
                    .anySatisfy(v -> assertThat(v)
                            .contains("Service 'shipping' depends on the composition root"
                                    + " fixtures.boundaries.bad.LedgerShortcut")
                            .contains("fixtures.boundaries.bad.shipping.internal.ShippingDesk")
                            .contains("ShippingDesk.java:")
                            .contains("Move what 'shipping' needs into 'shipping'"));
        }

        @Test
        @DisplayName("is needed: the api and persistence rules do not see the back door")
        void otherRulesMissTheBackDoor() {
            assertThat(violations(BAD_SHOP.talkOnlyThroughApi(), BAD))
                    .as("the base package belongs to no service, so the api rule lets ShippingDesk through")
                    .noneSatisfy(v -> assertThat(v).contains("ShippingDesk"));
            assertThat(violations(BAD_SHOP.keepPersistencePrivate(), BAD))
                    .noneSatisfy(v -> assertThat(v).contains("ShippingDesk"));
        }

        @Test
        @DisplayName("passes when only the composition root and main use the services, not the other way")
        void passesOnGoodShop() {
            assertThat(violations(GOOD_SHOP.notDependOnCompositionRoot(), GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'no Thread.sleep in tests'")
    class NoSleep {

        @Test
        @DisplayName("reports Thread.sleep and TimeUnit.sleep, pointing at the manual clock")
        void catchesSleep() {
            List<String> violations = violations(ServiceBoundaryRules.NO_THREAD_SLEEP_IN_TESTS, BAD);

            assertThat(violations).as("both ways NapTakingSteps sleeps")
                    .anySatisfy(v -> assertThat(v).contains("NapTakingSteps").contains("Thread.sleep"))
                    .anySatisfy(v -> assertThat(v).contains("NapTakingSteps").contains("TimeUnit.sleep"));
            assertThat(report(ServiceBoundaryRules.NO_THREAD_SLEEP_IN_TESTS, BAD)).contains("ManualTimeSource");
        }

        @Test
        @DisplayName("passes on code that waits through ManualTimeSource.sleeper()")
        void passesOnVirtualTime() {
            assertThat(violations(ServiceBoundaryRules.NO_THREAD_SLEEP_IN_TESTS, GOOD)).isEmpty();
        }
    }

    @Nested
    @DisplayName("'no standard-stream printing in library code'")
    class NoPrinting {

        @Test
        @DisplayName("reports System.out and printStackTrace(), pointing at SLF4J")
        void catchesPrinting() {
            List<String> violations = violations(ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE, BAD);

            assertThat(violations).as("both ways Receipts prints")
                    .anySatisfy(v -> assertThat(v).contains("Receipts").contains("System.out"))
                    .anySatisfy(v -> assertThat(v).contains("Receipts").contains("printStackTrace"));
            assertThat(report(ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE, BAD)).contains("SLF4J");
        }

        @Test
        @DisplayName("lets a class with a main method print")
        void mainMayPrint() {
            assertThat(violations(ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE, GOOD))
                    .as("ShopMain prints from main, which is allowed").isEmpty();
        }
    }

    @Test
    @DisplayName("a service rule over a mistyped base package fails instead of passing on nothing")
    void emptyBaseFails() {
        ServiceBoundaryRules.Services typo = ServiceBoundaryRules.forServicesIn("fixtures.boundaries.goood");

        assertThatThrownBy(() -> typo.talkOnlyThroughApi().check(GOOD))
                .as("no class under the mistyped package: the rule must not pass silently")
                .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
    }

    @Test
    @DisplayName("refuses a base package that is not a package name")
    void rejectsBadBase() {
        assertThatThrownBy(() -> ServiceBoundaryRules.forServicesIn("dev/microlab shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basePackage").hasMessageContaining("'dev/microlab shop'");
    }

    @Test
    @DisplayName("all() holds the six service rules")
    void allRules() {
        assertThat(GOOD_SHOP.all()).containsExactly(GOOD_SHOP.talkOnlyThroughApi(), GOOD_SHOP.keepPersistencePrivate(),
                GOOD_SHOP.beFreeOfCycles(), GOOD_SHOP.apiTypesAreImmutable(), GOOD_SHOP.notDependOnCompositionRoot(),
                GOOD_SHOP.apiHoldsOnlyTheContract());
        assertThat(GOOD_SHOP.basePackage()).isEqualTo("fixtures.boundaries.good");
    }
}
