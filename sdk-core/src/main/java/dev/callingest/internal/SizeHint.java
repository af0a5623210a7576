package dev.callingest.internal;

/**
 * How large the next request body will be, from the last one written: its exact size when the next
 * has as many records, otherwise its size per record times their number. One per API, shared by
 * every client; a stale or racy guess only costs a chunk too large or one more chunk (see {@link
 * JsonBytesWriter}), never a wrong body.
 */
public final class SizeHint {
  /** The last body's record count (high half) and bytes (low half), read and written at once. */
  private volatile long last;

  /**
   * Creates a hint that knows nothing yet.
   *
   * @param bytesPerRecord the guess per record until a body has been written
   */
  public SizeHint(int bytesPerRecord) {
    last = 1L << 32 | bytesPerRecord;
  }

  /**
   * {@return the bytes to expect for a body of {@code records}}
   *
   * @param records the records in the body, such as calls or items
   */
  public int bytesFor(int records) {
    long known = last;
    int count = (int) (known >>> 32);
    int bytes = (int) known;
    if (records == count) return bytes;
    long perRecord = bytes / Math.max(1, count) + 1;
    return (int) Math.min(perRecord * Math.max(1, records) + 16, 1 << 22);
  }

  /**
   * Remembers a body just written.
   *
   * @param records its records
   * @param bytes its size
   */
  public void wrote(int records, int bytes) {
    if (records > 0) last = (long) records << 32 | bytes;
  }
}
