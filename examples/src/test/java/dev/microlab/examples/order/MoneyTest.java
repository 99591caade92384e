package dev.microlab.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Money in minor units")
class MoneyTest {

    @Test
    @DisplayName("0.10 + 0.20 is exactly 0.30 (no double)")
    void exactSums() {
        assertThat(Money.of("EUR", 10).plus(Money.of("EUR", 20)).amount())
                .as("cents add exactly").isEqualByComparingTo(new BigDecimal("0.30"));
    }

    @Test
    @DisplayName("amounts of different currencies do not add")
    void currenciesDoNotMix() {
        assertThatThrownBy(() -> Money.of("EUR", 1).plus(Money.of("USD", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currencies differ");
    }

    @Test
    @DisplayName("overflow throws instead of wrapping")
    void overflowThrows() {
        assertThatThrownBy(() -> Money.of("EUR", Long.MAX_VALUE).times(2)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    @DisplayName("the amount uses the currency's minor unit (JPY has none)")
    void minorUnits() {
        assertThat(Money.of("JPY", 1250).amount()).as("yen").isEqualByComparingTo("1250");
        assertThat(Money.of("EUR", 1250).toString()).as("euro").isEqualTo("12.50 EUR");
    }
}
