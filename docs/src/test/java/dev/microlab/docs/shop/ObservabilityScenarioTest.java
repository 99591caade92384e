package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.docs.scenario.Narrator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the observability scenario")
class ObservabilityScenarioTest {

    @Test
    @DisplayName("prints real scrape lines and one trace in which the calls sit under the saga's steps")
    void scrapeAndTrace() throws Exception {
        Narrator narrator = Narrator.silent();

        new ObservabilityScenario().run(narrator);

        assertThat(narrator.milestoneIds()).containsExactly("instrumented", "orders-placed", "scraped", "traced");
        assertThat(narrator.lines()).anySatisfy(l -> assertThat(l)
                        .contains("microlab_saga_ended_total{state=\"compensated\",type=\"order\"} 1.0"))
                .anySatisfy(l -> assertThat(l)
                        .contains("microlab_circuitbreaker_state{name=\"payment\",state=\"closed\"} 1.0"));
        String trace = String.join("\n", narrator.lines());
        assertThat(trace).contains("└ saga order (internal)")
                .contains("    └ saga step process-payment (internal, ERROR:")
                .contains("      └ payment (client, ERROR:")
                .contains("    └ saga compensation reserve-inventory (internal)")
                .contains("      └ inventory (client)");
    }
}
