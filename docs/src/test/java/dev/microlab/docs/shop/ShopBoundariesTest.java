package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.microlab.archunit.ServiceBoundaryRules;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The shop's service boundaries")
class ShopBoundariesTest {

    private static final String SHOP = "dev.microlab.docs.shop";

    private static final JavaClasses SHOP_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SHOP);

    static Stream<ArchRule> serviceRules() {
        return ServiceBoundaryRules.forServicesIn(SHOP).all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceRules")
    @DisplayName("every service rule of ServiceBoundaryRules passes on the shop")
    void serviceRulesPass(ArchRule rule) {
        rule.check(SHOP_CLASSES);
    }

    @Test
    @DisplayName("the shop's library code does not print to the standard streams")
    void noStandardStreams() {
        ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE.check(SHOP_CLASSES);
    }

    @Test
    @DisplayName("the rules see the four services, each with an api and an internal package")
    void fourServices() {
        Set<String> packages = SHOP_CLASSES.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith(SHOP + ".")).collect(Collectors.toSet());

        for (String service : List.of("order", "inventory", "payment", "shipping")) {
            assertThat(packages).as("service '%s' has an api and an internal package (not a vacuous check)", service)
                    .contains(SHOP + "." + service + ".api", SHOP + "." + service + ".internal");
        }
    }
}
