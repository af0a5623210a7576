package dev.callingest.bulk;

/**
 * What is known of each call id, as bit flags in a compact open-addressing table keyed by a 64-bit
 * hash of the id: one {@code long} per slot holding the hash and the flags, the slots at most four
 * fifths used, so 10 to 15 bytes per id (about 12 on average) whatever its length, rather than a
 * set of strings. Two distinct ids collide with probability about n²/2⁶⁵ (under 10⁻⁷ for a
 * million); a collision can only make the importer more careful (a call rejected as a repeated id,
 * or flagged as a possible duplicate), except for {@link #DONE}, where it could skip a call.
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

  // The table is cut into PARTS parts by the hash's top PART_BITS bits, each growing on its own: a
  // growth then copies one part (a sixty-fourth of the ids) instead of the whole table, so the old
  // and the new table are never both held whole, and no part becomes one of G1's humongous objects
  // below about three million ids. Within a part those top bits are the same for every id, so a
  // slot keeps the hash's other 58 bits shifted left and the six flags in the bits that frees:
  // every id is still told apart by all 64 bits of its hash, as when the flags had a byte of
  // their own. An empty slot is 0 (a used one has PRESENT).
  private static final int PART_BITS = 6;
  private static final int PARTS = 1 << PART_BITS;
  private static final long FLAGS = (1L << PART_BITS) - 1;

  // A part grows by half when it would be more than four fifths full. Linear probing stays short
  // at that load (about 13 slots looked at for an id not there, in two or three cache lines). The
  // parts start at sizes spread over one growth step, so that they grow at different times: the
  // table's load stays near its mean (about two thirds) at any number of ids, rather than every
  // part growing at once, which would leave a whole table of garbage behind in one go.
  private static final int MIN_CAPACITY = 16;

  private final long[][] slots = new long[PARTS][];
  private final int[] sizes = new int[PARTS];
  private int size;

  IdStates() {
    for (int part = 0; part < PARTS; part++) {
      slots[part] = new long[MIN_CAPACITY + (MIN_CAPACITY / 2) * part / PARTS];
    }
  }

  /** {@return the flags of {@code id}, 0 when nothing is known} */
  int get(String id) {
    long hash = hash(id);
    long[] part = slots[part(hash)];
    long key = hash << PART_BITS;
    int capacity = part.length;
    for (int i = home(key, capacity); ; i = next(i, capacity)) {
      long slot = part[i];
      if (slot == 0) return 0;
      if ((slot & ~FLAGS) == key) return (int) (slot & FLAGS);
    }
  }

  boolean has(String id, int flag) {
    return (get(id) & flag) != 0;
  }

  /** Sets the bits {@code add} and clears the bits {@code remove} of {@code id}. */
  void update(String id, int add, int remove) {
    change(id, add, remove);
  }

  /**
   * Marks {@code id} as read in this run ({@link #SEEN}) and returns its flags from before, 0 when
   * nothing was known: one look-up where {@link #get} and {@link #update} would take two.
   */
  int markSeen(String id) {
    return change(id, SEEN, 0);
  }

  /** Sets {@code add} and clears {@code remove}; returns the flags from before (0: new id). */
  private int change(String id, int add, int remove) {
    long hash = hash(id);
    int p = part(hash);
    if ((sizes[p] + 1) * 5L > slots[p].length * 4L) grow(p);
    long[] part = slots[p];
    long key = hash << PART_BITS;
    int capacity = part.length;
    for (int i = home(key, capacity); ; i = next(i, capacity)) {
      long slot = part[i];
      if (slot == 0) {
        part[i] = key | ((PRESENT | add) & ~remove & FLAGS) | PRESENT;
        sizes[p]++;
        size++;
        return 0;
      }
      if ((slot & ~FLAGS) == key) {
        int before = (int) (slot & FLAGS);
        part[i] = key | (((before | add) & ~remove & FLAGS) | PRESENT);
        return before;
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
    for (long[] part : slots) {
      for (int i = 0; i < part.length; i++) {
        long slot = part[i];
        if ((slot & OPEN) != 0) part[i] = (slot | DOUBT) & ~OPEN;
      }
    }
  }

  int size() {
    return size;
  }

  /** {@return the slots allocated, used or not} For tests of the table's density. */
  long capacity() {
    long capacity = 0;
    for (long[] part : slots) capacity += part.length;
    return capacity;
  }

  private void grow(int p) {
    long[] old = slots[p];
    long[] grown = new long[old.length + old.length / 2];
    int capacity = grown.length;
    for (long slot : old) {
      if (slot == 0) continue;
      int i = home(slot & ~FLAGS, capacity);
      while (grown[i] != 0) i = next(i, capacity);
      grown[i] = slot;
    }
    slots[p] = grown;
  }

  private static int part(long hash) {
    return (int) (hash >>> (64 - PART_BITS));
  }

  /**
   * The slot where the search for {@code key} starts: its top 32 bits (bits 26 to 57 of the hash,
   * none of the part's bits) scaled to the part's capacity by a multiply and a shift, so that the
   * capacity need not be a power of two.
   */
  private static int home(long key, int capacity) {
    return (int) (((key >>> 32) * capacity) >>> 32);
  }

  private static int next(int i, int capacity) {
    return i + 1 == capacity ? 0 : i + 1;
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
}
