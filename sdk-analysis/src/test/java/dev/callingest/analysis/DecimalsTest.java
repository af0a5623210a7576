package dev.callingest.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void readsWhatTheConstructorReadsWithTheSameScale() {
    String[] samples = {
      "0",
      "-0",
      "-0.0",
      "7",
      "10",
      "11",
      "72.5",
      "72.50",
      "-3.25",
      "007",
      "0.000",
      "999999999999999999",
      "1000000000000000000",
      "-999999999999999999.5",
      "1e3",
      "1E-2",
      "+5",
      "3.",
      ".5",
      "12345678901234567890.1"
    };
    for (String sample : samples) {
      BigDecimal expected = new BigDecimal(sample);
      BigDecimal actual = Decimals.parse(sample);
      assertThat(actual).as(sample).isEqualTo(expected);
      assertThat(actual.scale()).as("scale of %s", sample).isEqualTo(expected.scale());
    }
  }

  @Test
  void refusesWhatTheConstructorRefuses() {
    for (String sample : new String[] {"", "-", "1.2.3", "1-2", "--1", "1.-2", "abc", " 1"}) {
      assertThatThrownBy(() -> new BigDecimal(sample)).isInstanceOf(NumberFormatException.class);
      assertThatThrownBy(() -> Decimals.parse(sample))
          .as(sample)
          .isInstanceOf(NumberFormatException.class);
    }
  }

  @Test
  void agreesWithTheConstructorOnRandomText() {
    Random random = new Random(24);
    String alphabet = "0123456789.-e+";
    int numbers = 0;
    for (int n = 0; n < 100_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(22); i >= 0; i--) {
        text.append(alphabet.charAt(random.nextInt(i % 3 == 0 ? alphabet.length() : 10)));
      }
      String sample = text.toString();
      BigDecimal expected;
      try {
        expected = new BigDecimal(sample);
      } catch (NumberFormatException e) {
        assertThatThrownBy(() -> Decimals.parse(sample)).isInstanceOf(NumberFormatException.class);
        continue;
      }
      numbers++;
      BigDecimal actual = Decimals.parse(sample);
      assertThat(actual).as(sample).isEqualTo(expected);
      assertThat(actual.scale()).as("scale of %s", sample).isEqualTo(expected.scale());
    }
    assertThat(numbers).isGreaterThan(10_000);
  }
}
