package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.docs.scenario.Narrator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("the observability scenario")
class ObservabilityScenarioTest {

    /** Tests run from the docs folder; the guides embed the pictures from images/. */
    private static final Path IMAGES = Path.of("images");
    /** Set to true to write the pictures of this run over the committed ones. */
    private static final boolean REGENERATE = Boolean.getBoolean("microlab.regenerate");

    @TempDir
    static Path output;
    private static Narrator narrator;

    @BeforeAll
    static void run() throws Exception {
        narrator = Narrator.silent();
        new ObservabilityScenario(output).run(narrator);
        if (REGENERATE) {
            for (String picture : List.of(ObservabilityScenario.DASHBOARD_SVG, ObservabilityScenario.WATERFALL_SVG)) {
                Files.copy(output.resolve(picture), IMAGES.resolve(picture),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @DisplayName("prints real scrape lines and one trace in which the calls sit under the saga's steps")
    void scrapeAndTrace() {
        assertThat(narrator.milestoneIds()).containsExactly("instrumented", "orders-placed", "scraped", "traced",
                "batch", "dashboard");
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

    @Test
    @DisplayName("a read-model batch links to the saga steps of both orders, in two traces")
    void batchLinks() {
        assertThat(narrator.milestone("batch").text()).contains("span 'projection order-views'")
                .contains("in 2 traces");
    }

    @Test
    @DisplayName("the dashboard is drawn from the run: six panels of sampled meters; the committed picture is this run's")
    void dashboard() throws Exception {
        String svg = Files.readString(output.resolve(ObservabilityScenario.DASHBOARD_SVG));
        Document doc = parse(svg);
        List<String> titles = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("panel".equals(g.getAttribute("class"))) {
                titles.add(g.getElementsByTagName("text").item(0).getFirstChild().getTextContent().strip());
            }
        }
        assertThat(titles).containsExactly("payment breaker state", "payment breaker failure rate",
                "payment calls by outcome", "order sagas by outcome", "read-model lag", "payment instances");
        assertThat(svg).as("the outage opened the breaker and failed calls").contains("not permitted (open): ")
                .doesNotContain("not permitted (open): 0<");
        assertThat(Files.readString(IMAGES.resolve(ObservabilityScenario.DASHBOARD_SVG)))
                .as("docs/images/%s is this run's picture; regenerate it with"
                        + " -Dmicrolab.regenerate=true -Dtest=ObservabilityScenarioTest", ObservabilityScenario.DASHBOARD_SVG)
                .isEqualTo(svg);
    }

    @Test
    @DisplayName("the waterfall has a bar per span of the declined order's trace, the failed ones marked")
    void waterfall() throws Exception {
        for (Path svg : List.of(output.resolve(ObservabilityScenario.WATERFALL_SVG),
                IMAGES.resolve(ObservabilityScenario.WATERFALL_SVG))) {
            Document doc = parse(Files.readString(svg));
            List<String> labels = new ArrayList<>();
            NodeList groups = doc.getElementsByTagName("g");
            for (int i = 0; i < groups.getLength(); i++) {
                labels.add(((Element) groups.item(i)).getElementsByTagName("text").item(0).getTextContent());
            }
            assertThat(labels).as("%s", svg).startsWith("saga order (internal)")
                    .contains("saga step process-payment (internal) — ERROR", "payment (client) — ERROR",
                            "saga compensation reserve-inventory (internal)");
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
