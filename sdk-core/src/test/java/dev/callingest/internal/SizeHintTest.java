package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeHintTest {
  @Test
  void guessesPerRecordUntilABodyIsWritten() {
    SizeHint hint = new SizeHint(300);
    assertThat(hint.bytesFor(10)).isEqualTo(301 * 10 + 16);
    assertThat(hint.bytesFor(0)).isEqualTo(301 + 16);
  }

  @Test
  void expectsTheLastSizeForAsManyRecordsAndScalesItOtherwise() {
    SizeHint hint = new SizeHint(300);
    hint.wrote(100, 36_851);
    assertThat(hint.bytesFor(100)).isEqualTo(36_851);
    assertThat(hint.bytesFor(50)).isEqualTo(369 * 50 + 16);
    hint.wrote(0, 12); // an empty body says nothing about records
    assertThat(hint.bytesFor(100)).isEqualTo(36_851);
  }

  @Test
  void capsAGuessAtFourMegabytes() {
    SizeHint hint = new SizeHint(300);
    hint.wrote(1, 5_000_000);
    assertThat(hint.bytesFor(100)).isEqualTo(1 << 22);
  }
}
