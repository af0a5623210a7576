package dev.callingest.bulk;

/**
 * What is known of each call id, as bit flags in a compact open-addressing table keyed by a 64-bit
 * hash of the id: one {@code long} per slot holding the hash and the flags, in pages of 8 to 16 KB
 * at most 85% full, so about 14 bytes per id whatever its length, rather than a set of strings. Two
 * distinct ids collide with probability about n²/2⁶⁵ (under 10⁻⁷ for a million); a collision can
 * only make the importer more careful (a call rejected as a repeated id, or flagged as a possible
 * duplicate), except for {@link #DONE}, where it could skip a call.
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

  // Extendible hashing: a directory indexed by the hash's top `depth` bits points at pages, each
  // holding the ids whose hashes share its top `page.depth` bits (at least MIN_DEPTH). A page
  // starts small and doubles up to its full size; a full page then splits in two by the next bit
  // of the hash, in place, into itself and one new page. So a growing table discards nothing but
  // its pages' small beginnings: a table that grows by copying leaves its old arrays behind as
  // garbage (twice the final table, over a run), which G1 keeps in the old generation until its
  // next mixed collection. Full sizes are spread between PAGE and twice that (by the golden ratio,
  // on a log scale), so that pages split at different times and the table's load stays near its
  // mean at any number of ids; no array nears G1's humongous size.
  //
  // Every id of a page shares the hash's top MIN_DEPTH bits, so a slot keeps the hash's other 58
  // bits shifted left and the six flags in the bits that frees: ids are still told apart by all 64
  // bits of their hash, as when the flags had a byte of their own. An empty slot is 0 (a used one
  // has PRESENT). Within a page an id's search starts at a slot given by the hash's low 26 bits,
  // which no directory index reaches, and goes on linearly.
  private static final int MIN_DEPTH = 6;
  private static final long FLAGS = (1L << MIN_DEPTH) - 1;
  private static final int HOME_BITS = 26;
  private static final int FIRST_CAPACITY = 16;
  private static final int PAGE = 1024;

  /** A page of slots; the top {@code depth} bits of the hash are the same for all its ids. */
  private static final class Page {
    long[] slots;
    final int fullCapacity;
    int depth;
    int size;

    Page(int capacity, int fullCapacity, int depth) {
      this.slots = new long[capacity];
      this.fullCapacity = fullCapacity;
      this.depth = depth;
    }
  }

  private Page[] directory = new Page[1 << MIN_DEPTH];
  private int depth = MIN_DEPTH;
  private int size;
  private int pagesMade;

  /** Where a splitting page's slots wait while they are put back; reused. */
  private long[] scratch = new long[0];

  IdStates() {
    for (int i = 0; i < directory.length; i++) {
      directory[i] = new Page(FIRST_CAPACITY, nextFullCapacity(), MIN_DEPTH);
    }
  }

  /** {@return the flags of {@code id}, 0 when nothing is known} */
  int get(String id) {
    long hash = hash(id);
    long[] slots = directory[(int) (hash >>> (64 - depth))].slots;
    long key = hash << MIN_DEPTH;
    int capacity = slots.length;
    for (int i = home(key, capacity); ; i = next(i, capacity)) {
      long slot = slots[i];
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
    long key = hash << MIN_DEPTH;
    while (true) {
      int index = (int) (hash >>> (64 - depth));
      Page page = directory[index];
      long[] slots = page.slots;
      int capacity = slots.length;
      int i = home(key, capacity);
      for (long slot = slots[i]; slot != 0; slot = slots[i]) {
        if ((slot & ~FLAGS) == key) {
          int before = (int) (slot & FLAGS);
          slots[i] = key | ((before | add) & ~remove & FLAGS) | PRESENT;
          return before;
        }
        i = next(i, capacity);
      }
      // A new id: in its page if that stays at most 85% full; else the page grows or splits, and
      // the search starts again.
      if (overFull(page.size + 1, capacity)) {
        if (capacity < page.fullCapacity) {
          grow(page);
        } else {
          split(index);
        }
        continue;
      }
      slots[i] = key | ((add & ~remove) & FLAGS) | PRESENT;
      page.size++;
      size++;
      return 0;
    }
  }

  private static boolean overFull(int ids, int capacity) {
    return ids * 20L > capacity * 17L;
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
    for (int index = 0; index < directory.length; index++) {
      if (!firstOfItsPage(index)) continue;
      long[] slots = directory[index].slots;
      for (int i = 0; i < slots.length; i++) {
        long slot = slots[i];
        if ((slot & OPEN) != 0) slots[i] = (slot | DOUBT) & ~OPEN;
      }
    }
  }

  int size() {
    return size;
  }

  /** {@return the slots allocated, used or not} For tests of the table's density. */
  long capacity() {
    long capacity = 0;
    for (int index = 0; index < directory.length; index++) {
      if (firstOfItsPage(index)) capacity += directory[index].slots.length;
    }
    return capacity;
  }

  /** Whether {@code index} is the first of the directory's entries that point at its page. */
  private boolean firstOfItsPage(int index) {
    return (index & ((1 << (depth - directory[index].depth)) - 1)) == 0;
  }

  /** A full size between PAGE and twice PAGE, log-uniformly spread by the golden ratio. */
  private int nextFullCapacity() {
    double spread = (pagesMade++ * 0.6180339887498949) % 1.0;
    return (int) Math.round(PAGE * Math.pow(2, spread));
  }

  /** Doubles a page below its full size, up to that size. */
  private static void grow(Page page) {
    long[] old = page.slots;
    long[] grown = new long[Math.min(old.length * 2, page.fullCapacity)];
    for (long slot : old) {
      if (slot != 0) put(grown, slot);
    }
    page.slots = grown;
  }

  /**
   * Splits the full page at directory entry {@code index} by the hash's next bit: the ids with it
   * set move to a new page, the others stay, and the directory doubles first if it must.
   */
  private void split(int index) {
    Page page = directory[index];
    if (page.depth == depth) {
      Page[] doubled = new Page[directory.length * 2];
      for (int i = 0; i < directory.length; i++) {
        doubled[2 * i] = directory[i];
        doubled[2 * i + 1] = directory[i];
      }
      directory = doubled;
      depth++;
      index *= 2;
    }
    int bit = 63 - page.depth + MIN_DEPTH; // the hash's next bit, where the slots hold it
    long[] slots = page.slots;
    int moving = 0;
    for (long slot : slots) {
      if (slot != 0 && ((slot >>> bit) & 1) != 0) moving++;
    }
    // The new page starts at its full size (growing it would leave garbage), with room for its
    // share however unevenly the ids divide.
    int capacity = Math.max(nextFullCapacity(), moving * 20 / 17 + 1);
    Page sibling = new Page(capacity, capacity, page.depth + 1);
    page.depth++;
    if (scratch.length < slots.length) scratch = new long[slots.length];
    System.arraycopy(slots, 0, scratch, 0, slots.length);
    java.util.Arrays.fill(slots, 0);
    for (int j = 0; j < slots.length; j++) {
      long slot = scratch[j];
      if (slot == 0) continue;
      if (((slot >>> bit) & 1) == 0) {
        put(slots, slot);
      } else {
        put(sibling.slots, slot);
      }
    }
    sibling.size = moving;
    page.size -= moving;
    // The entries that pointed at the page: those with the next bit set point at the sibling.
    int span = 1 << (depth - page.depth + 1);
    int first = index & -span;
    for (int i = first + span / 2; i < first + span; i++) directory[i] = sibling;
  }

  /** Puts a slot known to be absent into {@code slots}, which has room. */
  private static void put(long[] slots, long slot) {
    int capacity = slots.length;
    int i = home(slot & ~FLAGS, capacity);
    while (slots[i] != 0) i = next(i, capacity);
    slots[i] = slot;
  }

  /**
   * The slot where the search for {@code key} starts: the hash's low 26 bits (which no directory
   * index reaches) scaled to the page's capacity by a multiply and a shift.
   */
  private static int home(long key, int capacity) {
    long low = (key >>> MIN_DEPTH) & ((1L << HOME_BITS) - 1);
    return (int) ((low * capacity) >>> HOME_BITS);
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
