package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimesTest {
  @Test
  void writesWhatTheFormatterWritesForKnownValues() {
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("2025-01-15T14:30:00Z"))).isEqualTo("2025-01-15T14:30:00Z");
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("2025-01-15T14:30:05.120+05:30")))
        .isEqualTo("2025-01-15T14:30:05.12+05:30");
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("0001-02-03T04:05:06.000000007-00:00:30")))
        .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse("0001-02-03T04:05:06.000000007-00:00:30")));
    assertThat(IsoTimes.instantSeconds(Instant.parse("2023-01-01T10:00:00.999Z"))).isEqualTo("2023-01-01T10:00:00Z");
    assertThat(IsoTimes.instantSeconds(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("1969-12-31T23:59:59Z");
  }

  @Test
  void writesWhatTheFormatterWritesForRandomValues() {
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      long seconds = random.nextLong() % 400_000_000_000L; // years about -10700 to +14600
      Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(2 * 64_800 + 1) - 64_800);
      OffsetDateTime time = instant.atOffset(offset);
      assertThat(IsoTimes.offsetDateTime(time)).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
      assertThat(IsoTimes.instantSeconds(instant))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
    }
  }
}
