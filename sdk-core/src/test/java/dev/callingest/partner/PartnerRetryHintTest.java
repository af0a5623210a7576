package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartnerRetryHintTest {
  @Test
  void readsTheWaitFromTheRateLimitMessage() {
    assertThat(PartnerRetryHint.fromMessage("Rate limit exceeded. Try again in 60 seconds."))
        .contains(Duration.ofSeconds(60));
    assertThat(PartnerRetryHint.fromMessage("try again in 1 second"))
        .contains(Duration.ofSeconds(1));
    assertThat(PartnerRetryHint.fromMessage("Try again in 2.5s")).contains(Duration.ofMillis(2500));
    assertThat(PartnerRetryHint.fromMessage("Try again in 3 sec")).contains(Duration.ofSeconds(3));
  }

  @Test
  void findsNoWaitWhereTheMessageNamesNone() {
    assertThat(PartnerRetryHint.fromMessage("Try again later.")).isEmpty();
    assertThat(PartnerRetryHint.fromMessage("Try again in 5 minutes")).isEmpty();
    assertThat(PartnerRetryHint.fromMessage(null)).isEmpty();
  }
}
