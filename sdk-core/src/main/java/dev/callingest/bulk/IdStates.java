package dev.callingest.bulk;

import java.nio.charset.StandardCharsets;

/**
 * What the journal knows of each call id, in a compact open-addressing table keyed by a 64-bit hash
 * of the id, so that resuming an import of millions of calls needs about 9 bytes per call rather than
 * a string set. Two distinct ids collide with probability about n²/2⁶⁵ (under 10⁻⁷ for a million).
 */
final class IdStates {
  static final byte NONE = 0;
  static final byte IN_DOUBT = 1;
  static final byte DONE = 2;
  static final byte SETTLED_OTHER = 3;

  private long[] keys = new long[1024];
  private byte[] states = new byte[1024];
  private int size;

  byte get(String id) {
    long key = hash(id);
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (states[i] == NONE) return NONE;
      if (keys[i] == key) return states[i];
    }
  }

  void put(String id, byte state) {
    if ((size + 1) * 2 > keys.length) grow();
    insert(hash(id), state);
  }

  int size() {
    return size;
  }

  private void insert(long key, byte state) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (states[i] == NONE) {
        keys[i] = key;
        states[i] = state;
        size++;
        return;
      }
      if (keys[i] == key) {
        states[i] = state;
        return;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    byte[] oldStates = states;
    keys = new long[oldKeys.length * 2];
    states = new byte[oldStates.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldStates[i] != NONE) insert(oldKeys[i], oldStates[i]);
    }
  }

  /** FNV-1a over the UTF-8 bytes, then a 64-bit finalizer for good spread. */
  static long hash(String id) {
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

  private static int mix(long key) {
    return (int) (key ^ (key >>> 32)) & 0x7fffffff;
  }
}
