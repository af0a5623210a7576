package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SendScheduleTest {
  final FakeTime time = new FakeTime(Instant.parse("2026-01-15T10:00:00Z"));
  final Instant start = time.instant();

  @Test
  void theBatchLimitBindsFirstWithTheUploadDefaultsAndBatchesOf50() {
    SendSchedule schedule =
        new SendSchedule(
            start, 50, OptionalLong.of(10_000), OptionalLong.of(100), Optional.empty(), time);

    assertThat(schedule.estimate(0)).isEqualTo(start);
    assertThat(schedule.estimate(4_999)).isEqualTo(start);
    assertThat(schedule.estimate(5_000)).isEqualTo(start.plus(Duration.ofHours(1)));
    assertThat(schedule.estimate(49_999)).isEqualTo(start.plus(Duration.ofHours(9)));
  }

  @Test
  void theCallLimitBindsWithFullBatches() {
    SendSchedule schedule =
        new SendSchedule(
            start, 100, OptionalLong.of(10_000), OptionalLong.of(100), Optional.empty(), time);

    assertThat(schedule.estimate(9_999)).isEqualTo(start);
    assertThat(schedule.estimate(10_000)).isEqualTo(start.plus(Duration.ofHours(1)));
    assertThat(schedule.estimate(25_000)).isEqualTo(start.plus(Duration.ofHours(2)));
  }

  @Test
  void batchesNotWaitedForGoTenPerHalfHourUnderTheInFlightLimit() {
    SendSchedule schedule =
        new SendSchedule(
            start,
            50,
            OptionalLong.of(10_000),
            OptionalLong.of(100),
            Optional.of(ImportTarget.InFlightLimit.of(10, Duration.ofMinutes(30))),
            time);

    assertThat(schedule.estimate(499)).isEqualTo(start); // batch 9
    assertThat(schedule.estimate(500)).isEqualTo(start.plus(Duration.ofMinutes(30))); // batch 10
    // 50,000 calls are 1,000 batches: the last goes after 99 half hours, not after 9 hours.
    assertThat(schedule.estimate(49_999)).isEqualTo(start.plus(Duration.ofMinutes(30 * 99)));
  }

  @Test
  void withoutPacingOrWhenLateTheEstimateIsNow() {
    SendSchedule unpaced =
        new SendSchedule(
            start, 50, OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), time);
    SendSchedule paced =
        new SendSchedule(
            start, 100, OptionalLong.of(10_000), OptionalLong.empty(), Optional.empty(), time);
    time.advance(Duration.ofHours(3));

    assertThat(unpaced.estimate(1_000_000)).isEqualTo(time.instant());
    assertThat(paced.estimate(10_000)).isEqualTo(time.instant()); // hour 1 is already past
  }
}
