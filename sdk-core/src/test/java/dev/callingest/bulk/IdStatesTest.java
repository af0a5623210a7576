package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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

  @Test
  void agreesWithAMapOfHashesOverRandomUpdatesAndGrowth() {
    // The model: flags by 64-bit hash, as the table promises to keep them.
    Random random = new Random(2411);
    int[] flags = {
      IdStates.OPEN, IdStates.DOUBT, IdStates.DONE, IdStates.DONE_TWICE, IdStates.SEEN
    };
    for (int round = 0; round < 4; round++) {
      IdStates states = new IdStates();
      Map<Long, Integer> model = new HashMap<>();
      int ids = 1 + random.nextInt(200_000);
      for (int op = 0; op < 400_000; op++) {
        String id = "id-" + random.nextInt(ids) + (random.nextBoolean() ? "-é" : "");
        long hash = IdStates.hash(id);
        int before = model.getOrDefault(hash, 0);
        switch (random.nextInt(4)) {
          case 0 -> assertThat(states.get(id)).as(id).isEqualTo(before);
          case 1 -> {
            assertThat(states.markSeen(id)).as(id).isEqualTo(before);
            model.put(hash, before | IdStates.PRESENT | IdStates.SEEN);
          }
          default -> {
            int add = flags[random.nextInt(flags.length)] | flags[random.nextInt(flags.length)];
            int remove = random.nextInt(3) == 0 ? flags[random.nextInt(flags.length)] : 0;
            states.update(id, add, remove);
            model.put(hash, ((before | add) & ~remove) | IdStates.PRESENT);
          }
        }
      }
      if (random.nextBoolean()) {
        states.openBecomesDoubt();
        model.replaceAll(
            (hash, state) ->
                (state & IdStates.OPEN) != 0 ? (state | IdStates.DOUBT) & ~IdStates.OPEN : state);
      }
      assertThat(states.size()).isEqualTo(model.size());
      for (int i = 0; i < ids; i++) {
        for (String id : new String[] {"id-" + i, "id-" + i + "-é"}) {
          assertThat(states.get(id)).as(id).isEqualTo(model.getOrDefault(IdStates.hash(id), 0));
        }
      }
      assertThat(states.get("never-" + round)).isZero();
    }
  }

  @Test
  void staysWithinSixteenBytesPerIdAndAtMost85PercentFullAtEverySize() {
    IdStates states = new IdStates();
    for (int n = 1; n <= 1_200_000; n++) {
      states.markSeen("crm-call-" + n);
      if (n % 997 == 0 || n == 1_000_000) {
        long capacity = states.capacity();
        assertThat(capacity * 17).as("slots at %d ids", n).isGreaterThanOrEqualTo(n * 20L);
        if (n >= 60_000) {
          // One long a slot: at most 16 bytes per id once the first pages are outgrown.
          assertThat(capacity * 8).as("bytes at %d ids", n).isLessThanOrEqualTo(n * 16L);
        }
      }
    }
    assertThat(states.size()).isEqualTo(1_200_000);
    // A million ids take about fourteen megabytes, where a long and a byte per slot at most half
    // full took 18.9.
    IdStates million = new IdStates();
    for (int n = 1; n <= 1_000_000; n++) million.markSeen("crm-call-" + n);
    assertThat(million.capacity() * 8).isBetween(12_000_000L, 15_500_000L);
  }

  @Test
  void idsCrowdedIntoOnePrefixSplitTheirPageUntilTheyPart() {
    // 3,000 ids whose hashes share their top 12 bits: each split of their page by one of those
    // bits moves all of them or none, until the bits below part them.
    IdStates states = new IdStates();
    java.util.List<String> crowded = new java.util.ArrayList<>();
    for (int i = 0; crowded.size() < 3_000; i++) {
      String id = "crowd-" + i;
      if ((IdStates.hash(id) >>> 52) == 0xabc) crowded.add(id);
    }
    for (int i = 0; i < crowded.size(); i++) {
      assertThat(states.markSeen(crowded.get(i))).isZero();
      if (i % 2 == 0) states.update(crowded.get(i), IdStates.DONE, 0);
    }
    for (int i = 0; i < 20_000; i++) states.markSeen("other-" + i);
    assertThat(states.size()).isEqualTo(23_000);
    for (int i = 0; i < crowded.size(); i++) {
      int done = i % 2 == 0 ? IdStates.DONE : 0;
      assertThat(states.get(crowded.get(i)))
          .as(crowded.get(i))
          .isEqualTo(IdStates.PRESENT | IdStates.SEEN | done);
    }
    for (int i = 0; i < 20_000; i++) {
      assertThat(states.get("other-" + i)).isEqualTo(IdStates.PRESENT | IdStates.SEEN);
    }
    assertThat(states.get("crowd-none")).isZero();
  }

  @Test
  void idsThatDifferOnlyInTheirPartOrOnlyWithinItStayApart() {
    // Ids whose hashes share the top bits (the same part) and ids whose hashes share the low bits
    // (different parts, the same stored bits) are found among a crowd of others.
    IdStates states = new IdStates();
    Map<Long, String> byLowBits = new HashMap<>();
    Map<Long, String> byPart = new HashMap<>();
    String sameLow = null;
    String sameLowOther = null;
    for (int i = 0; i < 300_000 && sameLow == null; i++) {
      String id = "x" + i;
      long hash = IdStates.hash(id);
      String earlier = byLowBits.putIfAbsent(hash & 0xffffffL, id);
      if (earlier != null && (IdStates.hash(earlier) >>> 58) != (hash >>> 58)) {
        sameLow = earlier;
        sameLowOther = id;
      }
      byPart.putIfAbsent(hash >>> 58, id);
    }
    assertThat(sameLow).isNotNull();
    states.update(sameLow, IdStates.DONE, 0);
    assertThat(states.get(sameLowOther)).isZero();
    for (String id : byPart.values()) states.markSeen(id);
    assertThat(states.get(sameLow))
        .isEqualTo(IdStates.PRESENT | IdStates.DONE | seen(byPart, sameLow));
    assertThat(states.get(sameLowOther))
        .isEqualTo(byPart.containsValue(sameLowOther) ? IdStates.PRESENT | IdStates.SEEN : 0);
  }

  private static int seen(Map<Long, String> marked, String id) {
    return marked.containsValue(id) ? IdStates.SEEN : 0;
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
