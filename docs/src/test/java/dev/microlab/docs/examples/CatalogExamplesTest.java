package dev.microlab.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.microlab.core.time.Scheduler;
import dev.microlab.archunit.ServiceBoundaryRules;
import dev.microlab.docs.diagram.Timeline;
import dev.microlab.docs.scenario.FoundationsScenario;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code shown in {@code docs/README.md} and {@code docs/overview*.md}. Guides quote it with
 * {@code <!-- snippet: dev.microlab.docs.examples.CatalogExamplesTest#member -->} markers, and
 * {@code GuidesTest} fails if a quote drifts from this file; these tests prove the code works.
 */
@DisplayName("The examples quoted in the docs guides")
class CatalogExamplesTest {

    /** The smallest useful scenario: a heartbeat on the virtual scheduler. */
    static final class HeartbeatScenario implements Scenario {
        @Override
        public String name() {
            return "heartbeat";
        }

        @Override
        public String title() {
            return "a task every 5 s, on virtual time";
        }

        @Override
        public void run(Narrator narrator) {
            AtomicInteger beats = new AtomicInteger();
            Timeline timeline = new Timeline("heartbeat");
            Scheduler.Cancellable task = narrator.scheduler().scheduleWithFixedDelay(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), () -> {
                        beats.incrementAndGet();
                        timeline.at("+" + Narrator.stamp(narrator.elapsed()), "beat " + beats.get());
                    });
            narrator.scheduler().advance(Duration.ofSeconds(15));
            narrator.milestone("three-beats", beats.get() + " beats in 15 virtual seconds");
            task.cancel();
            narrator.draw(timeline);
        }
    }

    @Test
    @DisplayName("a scenario's story is asserted through its milestones")
    void assertAScenario() throws Exception {
        List<String> printed = new ArrayList<>();
        Narrator narrator = new Narrator(printed::add);

        new HeartbeatScenario().run(narrator);

        assertThat(narrator.milestoneIds()).containsExactly("three-beats");
        assertThat(narrator.milestone("three-beats").at()).isEqualTo(Duration.ofSeconds(15));
        assertThat(printed).containsExactly("[+00:15.000] 3 beats in 15 virtual seconds");
    }

    @Test
    @DisplayName("the foundations scenario reaches its milestones, in virtual time")
    void runTheFoundations() {
        Narrator narrator = Narrator.silent();
        new FoundationsScenario().run(narrator);

        assertThat(narrator.milestoneIds()).contains("first-check", "listener-failure-isolated");
        assertThat(narrator.elapsed()).isEqualTo(Duration.ofSeconds(110));
    }

    @Test
    @DisplayName("the service boundary rules check a set of services in a few lines")
    void checkServiceBoundaries() {
        JavaClasses shop = new ClassFileImporter().importPackages("fixtures.boundaries.good");

        ServiceBoundaryRules.forServicesIn("fixtures.boundaries.good").all()
                .forEach(rule -> rule.check(shop));
        ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE.check(shop);

        assertThat(shop.contain("fixtures.boundaries.good.order.internal.OrderService")).isTrue();
    }
}
