package dev.callingest.internal;

import dev.callingest.MetadataValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Compact UTF-8 JSON written straight into {@code byte[]} chunks: the request bodies' writer. Its
 * output is byte for byte what Moshi's {@code JsonUtf8Writer} writes for the same calls (the
 * differential tests hold it to that): strings escape the control characters, {@code "}, {@code \}
 * and U+2028/U+2029 as Moshi does, an unpaired surrogate becomes {@code ?} as okio writes it, whole
 * numbers are {@link Long#toString(long)} and decimals {@link Double#toString(double)}.
 *
 * <p>Unlike Moshi it checks no nesting: the writers that use it are hand-written and tested. Names
 * known in advance are {@link Name}s, encoded once. A comma is written before a name or a value
 * when one came before it at the same level, so calls need no separators of their own.
 *
 * <p>The bytes live in chunks: the first is as large as the size hint, and when it is full the
 * writer goes on in a new one instead of copying what it holds into a larger array. The transport
 * sends the chunks as they are ({@link #writeTo}), so a body is never copied between its writer and
 * the socket; only {@link #toByteArray()} joins them, and not even that when the hint was exact.
 *
 * <p>Not thread-safe; one writer per body. Once handed to the transport (which may send it again on
 * a retry) it must not be written to.
 */
public final class JsonBytesWriter {
  /** Whether a byte below 0x80 is written escaped; non-ASCII is decided in {@code rest}. */
  private static final boolean[] ESCAPED = new boolean[128];

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < 0x20; c++) ESCAPED[c] = true;
    ESCAPED['"'] = true;
    ESCAPED['\\'] = true;
  }

  /** The chunk being written and the bytes used in it. */
  private byte[] buffer;

  private int size;

  /** The full chunks before {@code buffer}, each with the bytes it holds; null while none. */
  private byte @Nullable [][] chunks;

  private int @Nullable [] chunkSizes;
  private int chunkCount;
  private int chunkBytes;
  private boolean comma;
  private @Nullable BiConsumer<String, MetadataValue> member;

  /**
   * Creates a writer.
   *
   * @param sizeHint the bytes expected; the first chunk is this large, and an exact hint gives a
   *     body in one array that {@link #toByteArray()} returns as it is
   */
  public JsonBytesWriter(int sizeHint) {
    buffer = new byte[Math.max(0, sizeHint)];
  }

  private JsonBytesWriter(byte[] json) {
    buffer = json;
    size = json.length;
    comma = true;
  }

  /**
   * A writer holding {@code json}, written elsewhere: a body for the transport. Not copied.
   *
   * @param json complete JSON
   * @return a writer whose bytes are {@code json}
   */
  public static JsonBytesWriter of(byte[] json) {
    return new JsonBytesWriter(json);
  }

  /** A member name encoded once: its quoted, escaped UTF-8 bytes and the colon, after a comma. */
  public static final class Name {
    private final byte[] bytes; // ,"name":

    private Name(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * Encodes {@code name}.
     *
     * @param name the member name, escaped as a string would be
     * @return the encoded name
     */
    public static Name of(String name) {
      JsonBytesWriter writer = new JsonBytesWriter(name.length() + 8);
      writer.put((byte) ',');
      writer.string(name);
      writer.put((byte) ':');
      return new Name(writer.toByteArray());
    }
  }

  /**
   * Starts an object.
   *
   * @return this writer
   */
  public JsonBytesWriter beginObject() {
    open((byte) '{');
    return this;
  }

  /**
   * Ends an object.
   *
   * @return this writer
   */
  public JsonBytesWriter endObject() {
    close((byte) '}');
    return this;
  }

  /**
   * Starts an array.
   *
   * @return this writer
   */
  public JsonBytesWriter beginArray() {
    open((byte) '[');
    return this;
  }

  /**
   * Ends an array.
   *
   * @return this writer
   */
  public JsonBytesWriter endArray() {
    close((byte) ']');
    return this;
  }

  /**
   * Writes a member name encoded beforehand.
   *
   * @param name the name
   * @return this writer
   */
  public JsonBytesWriter name(Name name) {
    byte[] bytes = name.bytes;
    int skip = comma ? 0 : 1;
    int length = bytes.length - skip;
    ensure(length);
    System.arraycopy(bytes, skip, buffer, size, length);
    size += length;
    comma = false;
    return this;
  }

  /**
   * Writes a member name known only now, such as a metadata key.
   *
   * @param name the name, escaped as a string is
   * @return this writer
   */
  public JsonBytesWriter name(String name) {
    separate();
    string(name);
    put((byte) ':');
    comma = false;
    return this;
  }

  /**
   * Writes a string value.
   *
   * @param value the string
   * @return this writer
   */
  public JsonBytesWriter value(String value) {
    separate();
    string(value);
    comma = true;
    return this;
  }

  /**
   * Writes a whole number as {@link Long#toString(long)} does.
   *
   * @param value the number
   * @return this writer
   */
  public JsonBytesWriter value(long value) {
    separate();
    if (value == Long.MIN_VALUE) {
      raw(Long.toString(value));
      comma = true;
      return this;
    }
    // Exactly the bytes needed: a body sized by an exact hint must end in its first chunk.
    long magnitude = Math.abs(value);
    int digits = 1;
    for (long rest = magnitude / 10; rest != 0; rest /= 10) digits++;
    ensure(value < 0 ? digits + 1 : digits);
    if (value < 0) buffer[size++] = '-';
    int end = size + digits;
    for (int i = end - 1; i >= size; i--) {
      buffer[i] = (byte) ('0' + magnitude % 10);
      magnitude /= 10;
    }
    size = end;
    comma = true;
    return this;
  }

  /**
   * Writes a decimal as {@link Double#toString(double)} does.
   *
   * @param value a finite number
   * @return this writer
   * @throws IllegalArgumentException if {@code value} is NaN or infinite, as Moshi refuses it
   */
  public JsonBytesWriter value(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Numeric values must be finite, but was " + value);
    }
    separate();
    raw(Double.toString(value));
    comma = true;
    return this;
  }

  /**
   * Writes {@code true} or {@code false}.
   *
   * @param value the boolean
   * @return this writer
   */
  public JsonBytesWriter value(boolean value) {
    separate();
    raw(value ? "true" : "false");
    comma = true;
    return this;
  }

  /**
   * Writes a metadata value as its JSON kind: a string, a whole number, a decimal or a boolean.
   *
   * @param value the value
   * @return this writer
   */
  public JsonBytesWriter value(MetadataValue value) {
    // toString() is the string itself or "true"/"false" (no Optional to allocate); numbers go
    // through asLong() so that a whole number is written without building its text.
    if (value.isBoolean()) {
      separate();
      raw(value.toString());
      comma = true;
      return this;
    }
    if (!value.isNumber()) return value(value.toString());
    OptionalLong whole = value.asLong();
    return whole.isPresent() ? value(whole.getAsLong()) : value(value.asDouble().getAsDouble());
  }

  /**
   * Writes a metadata object, its members in the map's order.
   *
   * @param values the metadata
   * @return this writer
   */
  public JsonBytesWriter metadata(Map<String, MetadataValue> values) {
    BiConsumer<String, MetadataValue> member = this.member;
    if (member == null) {
      // One consumer per writer, reused for every call of a batch.
      member = (name, value) -> name(name).value(value);
      this.member = member;
    }
    beginObject();
    values.forEach(member);
    return endObject();
  }

  /**
   * Writes {@code instant} as a string in the form of {@link IsoTimes#instant(Instant)}, without
   * building the text first.
   *
   * @param instant a time whose year is 0001 to 9999
   * @return this writer
   * @throws IllegalArgumentException if the year is outside 0001-9999, as {@link IsoTimes#instant}
   */
  public JsonBytesWriter instant(Instant instant) {
    if (!IsoTimes.isWritable(instant)) return value(IsoTimes.instant(instant)); // throws
    separate();
    ensure(instantLength(instant.getNano()));
    size = IsoTimes.writeInstant(buffer, size, instant, true);
    comma = true;
    return this;
  }

  /**
   * Writes {@code instant} cut to whole seconds, as {@link IsoTimes#instantSeconds(Instant)} does.
   *
   * @param instant the time
   * @return this writer
   */
  public JsonBytesWriter instantSeconds(Instant instant) {
    if (!IsoTimes.isWritable(instant)) return value(IsoTimes.instantSeconds(instant));
    separate();
    ensure(instantLength(0));
    size = IsoTimes.writeInstant(buffer, size, instant, false);
    comma = true;
    return this;
  }

  /** The quoted length of a writable instant whose fraction is {@code nano}. */
  private static int instantLength(int nano) {
    if (nano == 0) return 22; // "2025-01-15T09:00:05Z"
    int digits = 9;
    while (nano % 10 == 0) {
      nano /= 10;
      digits--;
    }
    return 23 + digits;
  }

  /** {@return the number of bytes written} */
  public int size() {
    return chunkBytes + size;
  }

  /**
   * Writes the bytes written so far to {@code sink}, from the writer's own chunks.
   *
   * @param sink where to write
   * @throws IOException if the sink fails
   */
  public void writeTo(BufferedSink sink) throws IOException {
    byte[][] full = chunks;
    int[] sizes = chunkSizes;
    if (full != null && sizes != null) {
      for (int i = 0; i < chunkCount; i++) sink.write(full[i], 0, sizes[i]);
    }
    sink.write(buffer, 0, size);
  }

  /**
   * {@return the bytes written, in an array of exactly that length} The writer's own array when it
   * holds them all and nothing else (an exact size hint), otherwise a copy.
   */
  public byte[] toByteArray() {
    byte[][] full = chunks;
    int[] sizes = chunkSizes;
    if (full == null || sizes == null) {
      return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
    byte[] result = new byte[size()];
    int position = 0;
    for (int i = 0; i < chunkCount; i++) {
      System.arraycopy(full[i], 0, result, position, sizes[i]);
      position += sizes[i];
    }
    System.arraycopy(buffer, 0, result, position, size);
    return result;
  }

  private void open(byte bracket) {
    separate();
    put(bracket);
    comma = false;
  }

  private void close(byte bracket) {
    put(bracket);
    comma = true;
  }

  private void separate() {
    if (comma) put((byte) ',');
  }

  private void put(byte b) {
    if (size == buffer.length) next(1);
    buffer[size++] = b;
  }

  /** Writes ASCII text as it is. */
  private void raw(String ascii) {
    int length = ascii.length();
    ensure(length);
    for (int i = 0; i < length; i++) buffer[size + i] = (byte) ascii.charAt(i);
    size += length;
  }

  /** Writes a quoted, escaped string: a copy loop while it is plain ASCII, then {@code rest}. */
  private void string(String value) {
    int length = value.length();
    ensure(length + 2);
    byte[] bytes = buffer;
    int position = size;
    bytes[position++] = '"';
    int i = 0;
    for (; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || ESCAPED[c]) break;
      bytes[position++] = (byte) c;
    }
    size = position;
    if (i < length) rest(value, i);
    put((byte) '"');
  }

  /** Writes {@code value} from {@code start} on, escaping and encoding each character. */
  private void rest(String value, int start) {
    // Each branch makes room for exactly its bytes: a body sized by an exact hint must end in its
    // first chunk, which a worst-case reservation near its end would not.
    int length = value.length();
    for (int i = start; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (!ESCAPED[c]) {
          put((byte) c);
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        ensure(2);
        buffer[size++] = (byte) (0xc0 | c >> 6);
        buffer[size++] = (byte) (0x80 | (c & 0x3f));
      } else if (c == '\u2028' || c == '\u2029') {
        escape(c);
      } else if (!Character.isSurrogate(c)) {
        ensure(3);
        buffer[size++] = (byte) (0xe0 | c >> 12);
        buffer[size++] = (byte) (0x80 | (c >> 6 & 0x3f));
        buffer[size++] = (byte) (0x80 | (c & 0x3f));
      } else {
        // As okio: a high surrogate followed by a low one is a code point, anything else is '?'.
        char low = i + 1 < length ? value.charAt(i + 1) : 0;
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
          int codePoint = Character.toCodePoint(c, low);
          ensure(4);
          buffer[size++] = (byte) (0xf0 | codePoint >> 18);
          buffer[size++] = (byte) (0x80 | (codePoint >> 12 & 0x3f));
          buffer[size++] = (byte) (0x80 | (codePoint >> 6 & 0x3f));
          buffer[size++] = (byte) (0x80 | (codePoint & 0x3f));
          i++;
        } else {
          put((byte) '?');
        }
      }
    }
  }

  /** Writes the escape Moshi writes for {@code c}. */
  private void escape(char c) {
    boolean shortForm =
        c == '"' || c == '\\' || c == '\t' || c == '\b' || c == '\n' || c == '\r' || c == '\f';
    ensure(shortForm ? 2 : 6);
    byte[] bytes = buffer;
    bytes[size++] = '\\';
    switch (c) {
      case '"' -> bytes[size++] = '"';
      case '\\' -> bytes[size++] = '\\';
      case '\t' -> bytes[size++] = 't';
      case '\b' -> bytes[size++] = 'b';
      case '\n' -> bytes[size++] = 'n';
      case '\r' -> bytes[size++] = 'r';
      case '\f' -> bytes[size++] = 'f';
      default -> {
        bytes[size++] = 'u';
        bytes[size++] = HEX[c >> 12];
        bytes[size++] = HEX[c >> 8 & 0xf];
        bytes[size++] = HEX[c >> 4 & 0xf];
        bytes[size++] = HEX[c & 0xf];
      }
    }
  }

  private void ensure(int bytes) {
    if (buffer.length - size < bytes) next(bytes);
  }

  /** Goes on in a new chunk of at least {@code bytes}, keeping the current one as it is. */
  private void next(int bytes) {
    int total = size();
    if (total > Integer.MAX_VALUE - bytes) throw new OutOfMemoryError("JSON body over 2 GB");
    if (size > 0) {
      byte[][] full = chunks;
      int[] sizes = chunkSizes;
      if (full == null || sizes == null) {
        full = new byte[4][];
        sizes = new int[4];
      } else if (chunkCount == full.length) {
        full = Arrays.copyOf(full, chunkCount * 2);
        sizes = Arrays.copyOf(sizes, chunkCount * 2);
      }
      full[chunkCount] = buffer;
      sizes[chunkCount] = size;
      chunkCount++;
      chunkBytes += size;
      chunks = full;
      chunkSizes = sizes;
    }
    // An eighth of what is written so far: a slightly low hint costs one small chunk, a far too
    // low one a few chunks growing with the body.
    buffer = new byte[Math.max(bytes, Math.max(1_024, total / 8))];
    size = 0;
  }
}
