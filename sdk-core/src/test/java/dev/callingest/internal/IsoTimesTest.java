package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("2025-01-15T14:30:00Z")))
        .isEqualTo("2025-01-15T14:30:00Z");
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("2025-01-15T14:30:05.120+05:30")))
        .isEqualTo("2025-01-15T14:30:05.12+05:30");
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("0001-02-03T04:05:06.000000007-01:00")))
        .isEqualTo("0001-02-03T04:05:06.000000007-01:00");
    assertThat(IsoTimes.instantSeconds(Instant.parse("2023-01-01T10:00:00.999Z")))
        .isEqualTo("2023-01-01T10:00:00Z");
    assertThat(IsoTimes.instantSeconds(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("1969-12-31T23:59:59Z");
  }

  @Test
  void anOffsetWithSecondsIsWrittenAsTheSameInstantInUtc() {
    OffsetDateTime amsterdam1900 = OffsetDateTime.parse("1900-05-01T12:00:00+00:19:32");
    assertThat(IsoTimes.offsetDateTime(amsterdam1900)).isEqualTo("1900-05-01T11:40:28Z");
    assertThat(IsoTimes.offsetDateTime(OffsetDateTime.parse("2025-01-15T14:30:00+05:30:45")))
        .isEqualTo("2025-01-15T08:59:15Z");
    assertThat(IsoTimes.writable(amsterdam1900).toInstant()).isEqualTo(amsterdam1900.toInstant());
  }

  @Test
  void yearsOutside0001To9999AreNotWritable() {
    assertThat(IsoTimes.isWritable(OffsetDateTime.parse("0001-01-01T00:00:00Z"))).isTrue();
    assertThat(IsoTimes.isWritable(OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z")))
        .isTrue();
    assertThat(IsoTimes.isWritable(OffsetDateTime.parse("0000-12-31T23:59:59Z"))).isFalse();
    assertThat(IsoTimes.isWritable(OffsetDateTime.parse("+10000-01-01T00:00:00Z"))).isFalse();
    // Written in UTC, this one moves into year 10000.
    assertThat(IsoTimes.isWritable(OffsetDateTime.parse("9999-12-31T23:59:59-00:00:30"))).isFalse();
    assertThatThrownBy(
            () -> IsoTimes.offsetDateTime(OffsetDateTime.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("year 10000 is outside 0001-9999");

    assertThat(IsoTimes.isWritable(Instant.parse("0001-01-01T00:00:00Z"))).isTrue();
    assertThat(IsoTimes.isWritable(Instant.parse("0001-01-01T00:00:00Z").minusNanos(1))).isFalse();
    assertThat(IsoTimes.isWritable(Instant.parse("9999-12-31T23:59:59.999Z"))).isTrue();
    assertThat(IsoTimes.isWritable(Instant.parse("+10000-01-01T00:00:00Z"))).isFalse();
  }

  @Test
  void writesWhatTheFormatterWritesForRandomValues() {
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      long seconds = random.nextLong() % 400_000_000_000L; // years about -10700 to +14600
      Instant instant =
          Instant.ofEpochSecond(
              seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(2 * 1080 + 1) - 1080) * 60);
      OffsetDateTime time = instant.atOffset(offset);
      if (IsoTimes.isWritable(time)) {
        assertThat(IsoTimes.offsetDateTime(time))
            .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
      }
      assertThat(IsoTimes.isWritable(time))
          .isEqualTo(time.getYear() >= 1 && time.getYear() <= 9999);
      assertThat(IsoTimes.instantSeconds(instant))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
      if (IsoTimes.isWritable(instant)) {
        assertThat(IsoTimes.instant(instant))
            .isEqualTo(IsoTimes.offsetDateTime(instant.atOffset(ZoneOffset.UTC)))
            .isEqualTo(
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
      } else {
        assertThatThrownBy(() -> IsoTimes.instant(instant))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is outside 0001-9999");
      }
    }
  }

  @Test
  void writesInstantsAtTheEdgesOfTheWritableYearsAndOfEachMonth() {
    assertThat(IsoTimes.instant(Instant.parse("0001-01-01T00:00:00Z")))
        .isEqualTo("0001-01-01T00:00:00Z");
    assertThat(IsoTimes.instant(Instant.parse("9999-12-31T23:59:59.999999999Z")))
        .isEqualTo("9999-12-31T23:59:59.999999999Z");
    assertThat(IsoTimes.instant(Instant.parse("2024-02-29T12:00:00.120Z")))
        .isEqualTo("2024-02-29T12:00:00.12Z");
    assertThat(IsoTimes.instant(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("1969-12-31T23:59:59Z");
    for (long day = -719_162;
        day < 2_932_896;
        day += 13) { // 0001-01-01 to 9999-12-31, every 13th day
      Instant instant = Instant.ofEpochSecond(day * 86_400 + 86_399);
      assertThat(IsoTimes.instant(instant))
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
  }
}
