package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdStatesTest {
  @Test
  void hashesTheUtf8BytesAsGetBytesEncodesThem() {
    Random random = new Random(24);
    char[] pieces = {
      'a', 'Z', '7', '-', 'é', 'ß', '\u07FF', '\u0800', '€', '\uFFFF', '\uD83D', '\uDE00'
    };
    for (int n = 0; n < 100_000; n++) {
      StringBuilder id = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        id.append(
            random.nextInt(4) == 0
                ? "\uD83D\uDE00"
                : String.valueOf(pieces[random.nextInt(pieces.length)]));
      }
      String text = id.toString();
      assertThat(IdStates.hash(text)).as(text).isEqualTo(reference(text));
    }
  }

  @Test
  void remembersFlagsPerIdAcrossGrowth() {
    IdStates states = new IdStates();
    for (int i = 0; i < 5_000; i++) states.update("call-" + i, IdStates.SEEN, 0);
    states.update("call-7", IdStates.DONE, 0);
    assertThat(states.size()).isEqualTo(5_000);
    assertThat(states.get("call-7")).isEqualTo(IdStates.PRESENT | IdStates.SEEN | IdStates.DONE);
    assertThat(states.has("call-4999", IdStates.SEEN)).isTrue();
    assertThat(states.get("call-5000")).isZero();
    for (int i = 0; i < 5_000; i++) {
      assertThat(states.has("call-" + i, IdStates.SEEN)).as("call-%d", i).isTrue();
    }
  }

  @Test
  void openSubmissionsBecomeDoubtInEveryPart() {
    IdStates states = new IdStates();
    for (int i = 0; i < 2_000; i++)
      states.update("call-" + i, i % 2 == 0 ? IdStates.OPEN : IdStates.DONE, 0);
    states.openBecomesDoubt();
    for (int i = 0; i < 2_000; i++) {
      int expected = IdStates.PRESENT | (i % 2 == 0 ? IdStates.DOUBT : IdStates.DONE);
      assertThat(states.get("call-" + i)).as("call-%d", i).isEqualTo(expected);
    }
  }

  /** The hash as first written: FNV-1a over {@code getBytes(UTF_8)}, then the finalizer. */
  private static long reference(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
