package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallOutcomeTest {
  @Test
  void aReasonSetThroughTheBuilderShowsOnlyTheUrlsSchemeHostAndPort() {
    CallOutcome outcome =
        CallOutcome.builder()
            .callId("c1")
            .kind(OutcomeKind.FAILED)
            .reason(
                "could not fetch https://media.example.com:8443/rec/1.mp3?X-Amz-Signature=abc123")
            .build();

    assertThat(outcome.reason()).contains("could not fetch https://media.example.com:8443/***?***");
    assertThat(outcome.toString()).doesNotContain("abc123");
    assertThat(outcome.possibleDuplicate()).isFalse();
    assertThat(outcome.violations()).isEmpty();
  }

  @Test
  void callIdAndKindAreRequired() {
    assertThatThrownBy(() -> CallOutcome.builder().callId("c1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kind");
  }

  @Test
  void newBuilderCopiesEveryAttributeAndChangesOnlyWhatIsSet() {
    CallOutcome outcome =
        CallOutcome.builder()
            .callId("c1")
            .kind(OutcomeKind.ACCEPTED)
            .batchId("b-7")
            .possibleDuplicate(true)
            .build();

    assertThat(outcome.newBuilder().build()).isEqualTo(outcome);
    CallOutcome changed = outcome.newBuilder().kind(OutcomeKind.COMPLETED).build();
    assertThat(changed.kind()).isEqualTo(OutcomeKind.COMPLETED);
    assertThat(changed.batchId()).contains("b-7");
    assertThat(changed.possibleDuplicate()).isTrue();
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.ACCEPTED);
  }
}
