package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.observability.Correlation;
import dev.microlab.observability.MicrolabMetrics;
import dev.microlab.observability.MicrolabTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs the shop with the catalog's JSON logging configuration ({@code logback-json.xml}) and reads
 * the lines back as a log pipeline would.
 */
@DisplayName("The shop's structured logs")
class ShopStructuredLogTest {

    /** The card-processor key this run uses; no log line may contain it. */
    private static final String PROCESSOR_KEY = "sk_test_4f8c2e9a1b7d6035";

    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private Path logToJson() throws Exception {
        Path file = dir.resolve("shop.log.jsonl");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("microlab.log.file", file.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-json.xml"));
        return file;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset(); // closes the file appender: everything is flushed
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line)); // each line is one JSON object, or this throws
            }
        }
        return out;
    }

    private static String mdc(JsonNode line, String key) {
        JsonNode value = line.path("mdc").path(key);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    @Test
    @DisplayName("one order's lines come from all four services, each with its service name, the order as"
            + " correlation id, and one trace id; no line holds the secret the run used")
    void oneTraceAcrossServicesAndNoSecret() throws Exception {
        // Given
        Path file = logToJson();
        ManualTimeSource time = new ManualTimeSource();
        OrderReceipt receipt;
        List<SpanData> spans = new ArrayList<>();
        SpanExporter exporter = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                spans.addAll(batch);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
                Shop shop = Shop.builder(time, new ManualScheduler(time)).stock("book", 10).wallet("alice", 10_000)
                        .secrets(Secrets.from(Map.of("PAYMENT_PROCESSOR_KEY", PROCESSOR_KEY)))
                        .observability(MicrolabMetrics.of(new SimpleMeterRegistry(), time),
                                MicrolabTracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build()))
                        .build()) {
            // When
            receipt = shop.place(new PlaceOrder("o-77", "alice", "book", 1, 1_250));
            assertThat(receipt.status()).isEqualTo(OrderStatus.SHIPPED);
            String signed = HexFormat.of().formatHex(hmac(receipt.paymentId() + "|o-77|1250"));
            assertThat(shop.paymentLedger().authorizationOf(receipt.paymentId()))
                    .as("the charge was authorized with the configured key").hasValue(signed);
        }
        List<JsonNode> lines = lines(file);

        // Then
        List<JsonNode> order = lines.stream().filter(l -> "o-77".equals(mdc(l, Correlation.KEY))).toList();
        Set<String> services = new LinkedHashSet<>();
        Set<String> traces = new LinkedHashSet<>();
        for (JsonNode line : order) {
            services.add(mdc(line, Correlation.SERVICE));
            traces.add(mdc(line, Correlation.TRACE_ID));
            assertThat(mdc(line, Correlation.SPAN_ID)).as("span id of %s", line).matches("[0-9a-f]{16}");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
        }
        assertThat(services).as("services of %s", order).containsExactlyInAnyOrder("inventory", "order", "payment", "shipping");
        assertThat(traces).as("one trace id across every service of the order").singleElement().asString()
                .matches("[0-9a-f]{32}");
        assertThat(order).anySatisfy(l -> assertThat(l.path("formattedMessage").asText())
                .isEqualTo("charged 1250 cents to alice for order o-77 (" + receipt.paymentId() + ", on payment-1)"));
        assertThat(spans).as("the trace id of the logs is the trace's").allSatisfy(span ->
                assertThat(span.getTraceId()).isEqualTo(traces.iterator().next()));
        assertThat(Files.readString(file)).as("the run's logs never show the secret").doesNotContain(PROCESSOR_KEY);
    }

    @Test
    @DisplayName("a missing secret stops the shop at build time, naming the secret and where it was looked for")
    void missingSecretIsNamed() {
        ManualTimeSource time = new ManualTimeSource();
        assertThatThrownBy(() -> Shop.builder(time, new ManualScheduler(time)).secrets(Secrets.from(Map.of())).build())
                .isInstanceOf(Secrets.SecretException.class)
                .hasMessageContaining(Shop.PAYMENT_PROCESSOR_KEY).hasMessageContaining("PAYMENT_PROCESSOR_KEY");
    }

    private static byte[] hmac(String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PROCESSOR_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
