package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.microlab.docs.architecture.ServiceBoundaryRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reference shop's service boundaries")
class ShopBoundariesTest {

    private static final JavaClasses SHOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.microlab.docs.shop");

    @Test
    @DisplayName("hold: services meet only through their api, keep their data, form no cycle, send immutable messages")
    void boundariesHold() {
        assertThat(SHOP.contain("dev.microlab.docs.shop.order.internal.OrderService"))
                .as("the shop's classes were imported").isTrue();

        for (ArchRule rule : ServiceBoundaryRules.forServicesIn("dev.microlab.docs.shop").all()) {
            rule.check(SHOP);
        }
        ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE.check(SHOP);
    }
}
