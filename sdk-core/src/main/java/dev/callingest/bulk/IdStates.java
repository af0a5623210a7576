package dev.callingest.bulk;

/**
 * What is known of each call id, as bit flags in a compact open-addressing table keyed by a 64-bit
 * hash of the id: a long and a byte per slot, at most half the slots used, so about 18 bytes per id
 * whatever its length, rather than a set of strings. Two distinct ids collide with probability
 * about n²/2⁶⁵ (under 10⁻⁷ for a million); a collision can only make the importer more careful (a
 * call rejected as a repeated id, or flagged as a possible duplicate), except for {@link #DONE},
 * where it could skip a call.
 *
 * <p>Not thread-safe: the importer touches it from its reading thread only.
 */
final class IdStates {
  /** Marks a used slot; every stored state has it. */
  static final int PRESENT = 1;

  /** A journaled submission of the call has no settled line after it yet. */
  static final int OPEN = 2;

  /** Some attempt, in this run or an earlier one, may have been processed by the server. */
  static final int DOUBT = 4;

  /** The call was accepted in an earlier run. */
  static final int DONE = 8;

  /** ... and that acceptance was flagged as a possible duplicate. */
  static final int DONE_TWICE = 16;

  /** The id was read in this run already. */
  static final int SEEN = 32;

  // The table is cut into PARTS parts by the hash's top bits, each growing on its own: a growth
  // then copies one part (a sixty-fourth of the ids) instead of the whole table, so a million ids
  // never hold the old and the new table at once (28 MB at the moment a single table doubled from
  // 2^20 to 2^21 slots), and no part becomes one of G1's humongous objects.
  private static final int PART_BITS = 6;
  private static final int PARTS = 1 << PART_BITS;

  private final long[][] keys = new long[PARTS][16];
  private final byte[][] states = new byte[PARTS][16];
  private final int[] sizes = new int[PARTS];
  private int size;

  /** {@return the flags of {@code id}, 0 when nothing is known} */
  int get(String id) {
    long key = hash(id);
    int part = part(key);
    long[] partKeys = keys[part];
    byte[] partStates = states[part];
    int mask = partKeys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (partStates[i] == 0) return 0;
      if (partKeys[i] == key) return partStates[i] & 0xff;
    }
  }

  boolean has(String id, int flag) {
    return (get(id) & flag) != 0;
  }

  /** Sets the bits {@code add} and clears the bits {@code remove} of {@code id}. */
  void update(String id, int add, int remove) {
    long key = hash(id);
    int part = part(key);
    if ((sizes[part] + 1) * 2 > keys[part].length) grow(part);
    long[] partKeys = keys[part];
    byte[] partStates = states[part];
    int mask = partKeys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (partStates[i] == 0) {
        partKeys[i] = key;
        partStates[i] = (byte) ((PRESENT | add) & ~remove);
        sizes[part]++;
        size++;
        return;
      }
      if (partKeys[i] == key) {
        partStates[i] = (byte) (((partStates[i] & 0xff) | add | PRESENT) & ~remove);
        return;
      }
    }
  }

  /**
   * Applies one replayed journal event, oldest first; {@link #openBecomesDoubt()} follows the last.
   * Every journal implementation is read through this one method, so all resume alike.
   */
  void apply(JournalEvent event) {
    String id = event.callId();
    switch (event.type()) {
      case SUBMITTING -> {
        // A submission still open when another starts had no answer before its run stopped.
        int doubt = has(id, OPEN) ? DOUBT : 0;
        update(id, OPEN | doubt, 0);
      }
      case IN_DOUBT -> update(id, DOUBT, OPEN);
      case ACCEPTED, COMPLETED, PROCESSING_FAILED ->
          update(id, DONE | (event.possibleDuplicate() ? DONE_TWICE : 0), OPEN);
      case NOT_DELIVERED -> update(id, 0, OPEN);
      case REJECTED -> update(id, 0, 0);
    }
  }

  /**
   * After a journal is read: a submission still open had no answer before the run that made it
   * stopped, so it may have been processed.
   */
  void openBecomesDoubt() {
    for (byte[] partStates : states) {
      for (int i = 0; i < partStates.length; i++) {
        int state = partStates[i] & 0xff;
        if ((state & OPEN) != 0) partStates[i] = (byte) ((state | DOUBT) & ~OPEN);
      }
    }
  }

  int size() {
    return size;
  }

  private void grow(int part) {
    long[] oldKeys = keys[part];
    byte[] oldStates = states[part];
    long[] newKeys = new long[oldKeys.length * 2];
    byte[] newStates = new byte[oldStates.length * 2];
    int mask = newKeys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldStates[j] == 0) continue;
      int i = mix(oldKeys[j]) & mask;
      while (newStates[i] != 0) i = (i + 1) & mask;
      newKeys[i] = oldKeys[j];
      newStates[i] = oldStates[j];
    }
    keys[part] = newKeys;
    states[part] = newStates;
  }

  private static int part(long key) {
    return (int) (key >>> (64 - PART_BITS));
  }

  /**
   * FNV-1a over the UTF-8 bytes, then a 64-bit finalizer for good spread. The bytes are those of
   * {@code id.getBytes(UTF_8)} (a lone surrogate is {@code ?}), encoded as the loop goes rather
   * than into an array: the importer hashes every id it reads.
   */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    int length = id.length();
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < 0x80) {
        h = fnv(h, c);
      } else if (c < 0x800) {
        h = fnv(fnv(h, 0xc0 | (c >> 6)), 0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(id.charAt(i + 1))) {
        int code = Character.toCodePoint(c, id.charAt(++i));
        h = fnv(h, 0xf0 | (code >> 18));
        h = fnv(h, 0x80 | ((code >> 12) & 0x3f));
        h = fnv(h, 0x80 | ((code >> 6) & 0x3f));
        h = fnv(h, 0x80 | (code & 0x3f));
      } else if (Character.isSurrogate(c)) {
        h = fnv(h, '?');
      } else {
        h = fnv(fnv(fnv(h, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
      }
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long fnv(long h, int octet) {
    return (h ^ (octet & 0xff)) * 0x100000001b3L;
  }

  private static int mix(long key) {
    return (int) (key ^ (key >>> 32)) & 0x7fffffff;
  }
}
