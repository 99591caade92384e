package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.messaging.internal.TopicMatcher;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The topic matcher alone, on RabbitMQ's own table (the same one {@link BrokerContract} runs
 * through both brokers) and on the edge cases of {@code rabbit_exchange_type_topic}.
 */
@DisplayName("Topic matching")
class TopicMatcherTest {

    @Test
    @DisplayName("every cell of RabbitMQ's topic table: matched exactly when RabbitMQ matches")
    void rabbitTable() {
        for (Map.Entry<String, java.util.List<String>> row : BrokerContract.TOPIC_EXPECTED.entrySet()) {
            BrokerContract.TOPIC_BINDINGS.forEach((tag, pattern) -> assertThat(TopicMatcher.matches(pattern, row.getKey()))
                    .as("binding %s '%s' against key '%s'", tag, pattern, row.getKey())
                    .isEqualTo(row.getValue().contains(tag)));
        }
    }

    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "order.*|order.placed|true",
        "order.*|order|false",
        "order.#|order|true",
        "order.#|order.placed.eu|true",
        "#|''|true",
        "*|''|false",
        "a.*.b|a..b|true",
        "a*|ab|false",
        "a*|a*|true",
        "#.#|a|true",
        "*.#.*|a|false",
        "*.#.*|a.b|true",
        "a.#.b.#.c|a.x.b.y.z.c|true",
        "a.#.b.#.c|a.c.b|false",
    })
    @DisplayName("edge cases: empty words, wildcards only as whole words, # as zero words")
    void edgeCases(String pattern, String key, boolean expected) {
        assertThat(TopicMatcher.matches(pattern, key)).isEqualTo(expected);
    }
}
