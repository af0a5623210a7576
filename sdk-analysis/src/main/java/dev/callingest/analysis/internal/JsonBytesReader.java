package dev.callingest.analysis.internal;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A strict streaming reader of one JSON document held in a {@code byte[]} (UTF-8), shaped like
 * Moshi's {@code JsonReader} so that adapters read the same way, but reading the array in place: a
 * name is matched against {@link Names} byte by byte (no {@code String} per name), an ASCII string
 * becomes a {@code String} with one copy, a decimal is built from its digits, and the JSON path is
 * built only when {@link #getPath()} is called (for an error message). Not thread-safe; one
 * document per reader.
 *
 * <p>Strict means RFC 8259 and nothing else: one top-level value followed only by whitespace; no
 * comments, single quotes, unquoted names, {@code NaN}, leading zeros, trailing commas, upper-case
 * keywords ({@code TRUE}), raw control characters in strings or escapes other than the eight of the
 * RFC and {@code \}{@code uXXXX}. On the last three points it is stricter than Moshi's strict
 * reader, which accepts {@code TRUE}, raw control characters and the escapes {@code \'} and
 * backslash-newline. Nesting deeper than 255 arrays and objects is refused, as Moshi does. Bytes
 * that are not valid UTF-8 inside a string are each replaced as the JDK's UTF-8 decoder (and so
 * okio, which Moshi reads through) replaces them, with U+FFFD; outside strings they are a syntax
 * error. A {@code \}{@code uXXXX} escape gives its UTF-16 unit as is, unpaired surrogates included,
 * again as Moshi does.
 *
 * <p>Errors are {@link IOException}s whose message names the JSON path (and, for syntax errors, the
 * byte offset) and never quotes the document, {@link #nextInstant()}'s excepted: {@link
 * MalformedJsonException} for what is not JSON, {@link EOFException} when the bytes end before the
 * value does, {@link UnexpectedJsonException} for JSON of another kind than asked for.
 */
public final class JsonBytesReader {
  /** The kinds of token, named as Moshi's {@code JsonReader.Token} names them. */
  public enum Token {
    /** {@code [}. */
    BEGIN_ARRAY,
    /** {@code ]}. */
    END_ARRAY,
    /** <code>{</code>. */
    BEGIN_OBJECT,
    /** <code>}</code>. */
    END_OBJECT,
    /** A member's name. */
    NAME,
    /** A string value. */
    STRING,
    /** A number value. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code null}. */
    NULL,
    /** The end of the document. */
    END_DOCUMENT
  }

  /** Names encoded once as UTF-8 bytes, for {@link #selectName(Names)}; immutable, shareable. */
  public static final class Names {
    private final String[] strings;
    private final byte[][] quoted; // each name's UTF-8 bytes and the closing quote

    private Names(String[] strings) {
      this.strings = strings;
      this.quoted = new byte[strings.length][];
      for (int i = 0; i < strings.length; i++) {
        String name = Objects.requireNonNull(strings[i], "name == null");
        for (int c = 0; c < name.length(); c++) {
          char ch = name.charAt(c);
          if (ch < 0x20 || ch == '"' || ch == '\\') {
            throw new IllegalArgumentException("a name with a character JSON escapes: " + name);
          }
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        quoted[i] = Arrays.copyOf(utf8, utf8.length + 1);
        quoted[i][utf8.length] = '"';
      }
    }

    /**
     * Encodes {@code names}.
     *
     * @param names the names, in the order {@link #selectName(Names)} numbers them from 0
     * @return the encoded names
     * @throws IllegalArgumentException if a name holds a quote, a backslash or a control character
     */
    public static Names of(String... names) {
      return new Names(names.clone());
    }

    /**
     * {@return the name at {@code index}}
     *
     * @param index a number {@link #selectName(Names)} returned
     */
    public String name(int index) {
      return strings[index];
    }
  }

  // Scopes, as in Moshi's JsonScope.
  private static final int EMPTY_DOCUMENT = 0;
  private static final int NONEMPTY_DOCUMENT = 1;
  private static final int EMPTY_ARRAY = 2;
  private static final int NONEMPTY_ARRAY = 3;
  private static final int EMPTY_OBJECT = 4;
  private static final int DANGLING_NAME = 5;
  private static final int NONEMPTY_OBJECT = 6;

  // What the last peek found; the reader's position is just after it, except for numbers (at
  // their first byte, numberEnd after their last), strings and names (after the opening quote).
  private static final int PEEKED_NONE = 0;
  private static final int PEEKED_BEGIN_OBJECT = 1;
  private static final int PEEKED_END_OBJECT = 2;
  private static final int PEEKED_BEGIN_ARRAY = 3;
  private static final int PEEKED_END_ARRAY = 4;
  private static final int PEEKED_TRUE = 5;
  private static final int PEEKED_FALSE = 6;
  private static final int PEEKED_NULL = 7;
  private static final int PEEKED_STRING = 8;
  private static final int PEEKED_NAME = 9;
  private static final int PEEKED_NUMBER = 10;
  private static final int PEEKED_EOF = 11;

  /** Scopes including the document's, as Moshi counts: at most 255 nested arrays and objects. */
  private static final int MAX_SCOPES = 256;

  /** Digits a {@code long} always holds; more go through {@code new BigDecimal(String)}. */
  private static final int MAX_LONG_DIGITS = 18;

  private final byte[] bytes;
  private final int limit;
  private int pos;
  private int peeked = PEEKED_NONE;
  private int numberEnd;

  // The stack, three ints per level: a scope, the index of the current element (arrays) and where
  // the current member's name starts (objects; -1 for none). Names are decoded for getPath() only.
  // Room for four levels, as deep as the callback goes, in one array (64 bytes).
  private static final int STRIDE = 3;
  private static final int SCOPE = 0;
  private static final int INDEX = 1;
  private static final int NAME = 2;
  private int size = 1;
  private int[] stack = new int[4 * STRIDE];

  /**
   * Decoding buffers for strings with escapes, one per thread and reused (as Jackson recycles its
   * buffers): a reader uses one only within a single call, never across calls, so two readers on
   * one thread cannot disturb each other. Buffers longer than {@link #KEPT_SCRATCH} are not kept.
   */
  private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[256]);

  private static final int KEPT_SCRATCH = 8192;

  /**
   * Reads {@code bytes} whole; the array must not change while it is read.
   *
   * @param bytes one JSON document in UTF-8
   */
  public JsonBytesReader(byte[] bytes) {
    this.bytes = bytes;
    this.limit = bytes.length;
    stack[SCOPE] = EMPTY_DOCUMENT;
    stack[NAME] = -1;
  }

  /**
   * {@return the kind of the next token, without consuming it}
   *
   * @throws IOException if the document is malformed or ends before its value does
   */
  public Token peek() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    switch (p) {
      case PEEKED_BEGIN_OBJECT:
        return Token.BEGIN_OBJECT;
      case PEEKED_END_OBJECT:
        return Token.END_OBJECT;
      case PEEKED_BEGIN_ARRAY:
        return Token.BEGIN_ARRAY;
      case PEEKED_END_ARRAY:
        return Token.END_ARRAY;
      case PEEKED_TRUE:
      case PEEKED_FALSE:
        return Token.BOOLEAN;
      case PEEKED_NULL:
        return Token.NULL;
      case PEEKED_STRING:
        return Token.STRING;
      case PEEKED_NAME:
        return Token.NAME;
      case PEEKED_NUMBER:
        return Token.NUMBER;
      case PEEKED_EOF:
        return Token.END_DOCUMENT;
      default:
        throw new AssertionError(p);
    }
  }

  /**
   * {@return whether the current array or object has another element}
   *
   * @throws IOException if the document is malformed or ends early
   */
  public boolean hasNext() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    return p != PEEKED_END_OBJECT && p != PEEKED_END_ARRAY && p != PEEKED_EOF;
  }

  /**
   * Consumes the next token, which must begin an array.
   *
   * @throws IOException if it does not, or the document is malformed
   */
  public void beginArray() throws IOException {
    expect(PEEKED_BEGIN_ARRAY, "BEGIN_ARRAY");
    push(EMPTY_ARRAY);
    peeked = PEEKED_NONE;
  }

  /**
   * Consumes the next token, which must end the current array.
   *
   * @throws IOException if it does not, or the document is malformed
   */
  public void endArray() throws IOException {
    expect(PEEKED_END_ARRAY, "END_ARRAY");
    size--;
    valueConsumed();
  }

  /**
   * Consumes the next token, which must begin an object.
   *
   * @throws IOException if it does not, or the document is malformed
   */
  public void beginObject() throws IOException {
    expect(PEEKED_BEGIN_OBJECT, "BEGIN_OBJECT");
    push(EMPTY_OBJECT);
    peeked = PEEKED_NONE;
  }

  /**
   * Consumes the next token, which must end the current object.
   *
   * @throws IOException if it does not, or the document is malformed
   */
  public void endObject() throws IOException {
    expect(PEEKED_END_OBJECT, "END_OBJECT");
    size--;
    valueConsumed();
  }

  /**
   * Consumes the next name if it is one of {@code names}.
   *
   * @param names the names to look for
   * @return the index of the name in {@code names}; -1 when the next token is another name (not
   *     consumed: {@link #skipName()} or {@link #nextName()} it) or not a name at all
   * @throws IOException if the document is malformed
   */
  public int selectName(Names names) throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != PEEKED_NAME) return -1;
    byte[][] quoted = names.quoted;
    for (int i = 0; i < quoted.length; i++) {
      byte[] candidate = quoted[i];
      if (Arrays.equals(
          bytes, pos, Math.min(pos + candidate.length, limit), candidate, 0, candidate.length)) {
        setName(pos);
        pos += candidate.length;
        peeked = PEEKED_NONE;
        return i;
      }
    }
    // The name may be written with escapes that spell one of ours ("call\u005fid").
    boolean escaped = false;
    for (int i = pos; i < limit && bytes[i] != '"'; i++) {
      if (bytes[i] == '\\') {
        escaped = true;
        break;
      }
    }
    if (!escaped) return -1;
    int start = pos;
    String name = string();
    for (int i = 0; i < names.strings.length; i++) {
      if (names.strings[i].equals(name)) {
        setName(start);
        peeked = PEEKED_NONE;
        return i;
      }
    }
    pos = start;
    return -1;
  }

  /**
   * {@return the next name}
   *
   * @throws IOException if the next token is not a name, or the document is malformed
   */
  public String nextName() throws IOException {
    expect(PEEKED_NAME, "a name");
    int start = pos;
    String name = string();
    setName(start);
    peeked = PEEKED_NONE;
    return name;
  }

  /**
   * Consumes the next name without decoding it.
   *
   * @throws IOException if the next token is not a name, or the document is malformed
   */
  public void skipName() throws IOException {
    expect(PEEKED_NAME, "a name");
    int start = pos;
    readString(false);
    setName(start);
    peeked = PEEKED_NONE;
  }

  /**
   * {@return the next string, or the text of the next number exactly as written}
   *
   * @throws IOException if the next token is neither, or the document is malformed
   */
  public String nextString() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    String value;
    if (p == PEEKED_STRING) {
      value = string();
    } else if (p == PEEKED_NUMBER) {
      value = new String(bytes, pos, numberEnd - pos, StandardCharsets.ISO_8859_1);
      pos = numberEnd;
    } else {
      throw unexpected("a string");
    }
    valueConsumed();
    return value;
  }

  /**
   * {@return the next string or number text, as {@link #nextString()}, sharing the instance in
   * {@code known} when the string is exactly one of them} For values from a small set (states,
   * stages), so that a document repeating them holds one instance of each.
   *
   * @param known the shared values
   * @throws IOException if the next token is not a string or number, or the document is malformed
   */
  public String nextString(Names known) throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p == PEEKED_STRING) {
      byte[][] quoted = known.quoted;
      for (int i = 0; i < quoted.length; i++) {
        byte[] candidate = quoted[i];
        if (Arrays.equals(
            bytes, pos, Math.min(pos + candidate.length, limit), candidate, 0, candidate.length)) {
          pos += candidate.length;
          valueConsumed();
          return known.strings[i];
        }
      }
    }
    return nextString();
  }

  /**
   * {@return the next string as an ISO 8601 date-time with an offset, the instant {@code
   * OffsetDateTime.parse(text).toInstant()} gives} The usual shape, {@code
   * 2025-01-15T16:03:00.5+02:00} (seconds and fraction optional, {@code Z} or {@code +hh:mm}), is
   * read from the bytes without a {@code String} or a formatter; any other text goes through {@code
   * OffsetDateTime.parse}.
   *
   * @throws UnexpectedJsonException if the next token is not a string or not such a date-time; this
   *     message quotes the text, which the Upload API's readers always did
   * @throws IOException if the document is malformed
   */
  public Instant nextInstant() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != PEEKED_STRING) throw unexpected("a string");
    int end = IsoInstants.end(bytes, pos, limit);
    if (end >= 0) {
      Instant instant = IsoInstants.read(bytes, pos);
      pos = end + 1;
      valueConsumed();
      return instant;
    }
    String text = string();
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new UnexpectedJsonException(
          "expected an ISO 8601 date-time with offset but was '" + text + "' at " + getPath(), e);
    }
    valueConsumed();
    return instant;
  }

  /**
   * {@return the next boolean}
   *
   * @throws IOException if the next token is not {@code true} or {@code false}
   */
  public boolean nextBoolean() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != PEEKED_TRUE && p != PEEKED_FALSE) throw unexpected("a boolean");
    valueConsumed();
    return p == PEEKED_TRUE;
  }

  /**
   * Consumes the next {@code null}.
   *
   * @param <T> any type
   * @return {@code null}
   * @throws IOException if the next token is not {@code null}
   */
  public <T> @Nullable T nextNull() throws IOException {
    expect(PEEKED_NULL, "null");
    valueConsumed();
    return null;
  }

  /**
   * {@return the next number, or a string holding one, as a {@code long}} A number with a fraction
   * or an exponent is accepted when its value is a whole number, as Moshi does.
   *
   * @throws IOException if the next token is not a number within {@code long}'s range
   */
  public long nextLong() throws IOException {
    return nextWhole(Long.MIN_VALUE, Long.MAX_VALUE, "a long");
  }

  /**
   * {@return the next number, or a string holding one, as an {@code int}}
   *
   * @throws IOException if the next token is not a number within {@code int}'s range
   */
  public int nextInt() throws IOException {
    return (int) nextWhole(Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
  }

  private long nextWhole(long min, long max, String expected) throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    String text;
    if (p == PEEKED_NUMBER) {
      long value = 0;
      boolean negative = bytes[pos] == '-';
      int i = negative ? pos + 1 : pos;
      int digits = numberEnd - i;
      boolean plain = digits <= MAX_LONG_DIGITS;
      for (; plain && i < numberEnd; i++) {
        int digit = bytes[i] - '0';
        if (digit < 0 || digit > 9) plain = false;
        value = value * 10 + digit;
      }
      if (plain) {
        value = negative ? -value : value;
        if (value < min || value > max) throw unexpected(expected, "a number out of its range");
        pos = numberEnd;
        valueConsumed();
        return value;
      }
      text = new String(bytes, pos, numberEnd - pos, StandardCharsets.ISO_8859_1);
    } else if (p == PEEKED_STRING) {
      text = string();
    } else {
      throw unexpected(expected);
    }
    long value;
    try {
      value = new BigDecimal(text).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw unexpected(expected, p == PEEKED_STRING ? "a string" : "a number");
    }
    if (value < min || value > max) throw unexpected(expected, "a number out of its range");
    if (p == PEEKED_NUMBER) pos = numberEnd;
    valueConsumed();
    return value;
  }

  /**
   * {@return the next number as a {@code BigDecimal}} Equal (value and scale) to {@code new
   * BigDecimal(text)} of the number's text; the usual shapes (at most 18 digits, no exponent) are
   * built from the digits without a copy.
   *
   * @throws IOException if the next token is not a number, or its exponent is beyond {@code
   *     BigDecimal}'s range
   */
  public BigDecimal nextDecimal() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != PEEKED_NUMBER) throw unexpected("a number");
    BigDecimal value;
    try {
      value = decimal(pos, numberEnd);
    } catch (NumberFormatException e) { // an exponent beyond int's range
      throw unexpected("a decimal", "a number out of its range");
    }
    pos = numberEnd;
    valueConsumed();
    return value;
  }

  private BigDecimal decimal(int start, int end) {
    boolean negative = bytes[start] == '-';
    long unscaled = 0;
    int digits = 0;
    int point = -1;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      byte b = bytes[i];
      if (b >= '0' && b <= '9') {
        unscaled = unscaled * 10 + (b - '0');
        digits++;
      } else if (b == '.') {
        point = i;
      } else {
        digits = Integer.MAX_VALUE; // an exponent
        break;
      }
    }
    if (digits > MAX_LONG_DIGITS) {
      return new BigDecimal(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, point < 0 ? 0 : end - 1 - point);
  }

  /**
   * Skips the next value, with everything nested in it; at a name, skips the name only. The skipped
   * bytes are checked as strictly as read ones.
   *
   * @throws IOException if the document is malformed, or the next token ends an array or object
   */
  public void skipValue() throws IOException {
    int depth = 0;
    do {
      int p = peeked == PEEKED_NONE ? doPeek() : peeked;
      switch (p) {
        case PEEKED_BEGIN_ARRAY -> {
          beginArray();
          depth++;
        }
        case PEEKED_BEGIN_OBJECT -> {
          beginObject();
          depth++;
        }
        case PEEKED_END_ARRAY -> {
          if (depth == 0) throw unexpected("a value");
          endArray();
          depth--;
        }
        case PEEKED_END_OBJECT -> {
          if (depth == 0) throw unexpected("a value");
          endObject();
          depth--;
        }
        case PEEKED_NAME -> skipName();
        case PEEKED_STRING -> {
          readString(false);
          valueConsumed();
        }
        case PEEKED_NUMBER -> {
          pos = numberEnd;
          valueConsumed();
        }
        case PEEKED_TRUE, PEEKED_FALSE, PEEKED_NULL -> valueConsumed();
        default -> throw unexpected("a value");
      }
    } while (depth > 0);
  }

  /**
   * Checks that nothing but whitespace follows the value read.
   *
   * @throws IOException if something does, or the value is not finished
   */
  public void endDocument() throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != PEEKED_EOF) throw unexpected("the end of the document");
  }

  /**
   * {@return where the reader is, such as {@code $.summary[1].chapter_name}} Built on each call,
   * for error messages.
   */
  public String getPath() {
    StringBuilder path = new StringBuilder("$");
    for (int i = 1; i < size; i++) {
      int scope = stack[i * STRIDE + SCOPE];
      if (scope == EMPTY_ARRAY || scope == NONEMPTY_ARRAY) {
        path.append('[').append(stack[i * STRIDE + INDEX]).append(']');
      } else {
        path.append('.');
        int name = stack[i * STRIDE + NAME];
        if (name >= 0) path.append(decodeName(name));
      }
    }
    return path.toString();
  }

  private String decodeName(int start) {
    int savedPos = pos;
    try {
      pos = start;
      return string();
    } catch (IOException e) {
      return "?"; // Cannot happen: the name was read before.
    } finally {
      pos = savedPos;
    }
  }

  @Override
  public String toString() {
    return "JsonBytesReader(" + limit + " bytes)";
  }

  // The state machine, after Moshi's JsonUtf8Reader.doPeek, without its lenient branches.

  private int doPeek() throws IOException {
    int top = (size - 1) * STRIDE + SCOPE;
    int scope = stack[top];
    switch (scope) {
      case EMPTY_ARRAY -> stack[top] = NONEMPTY_ARRAY;
      case NONEMPTY_ARRAY -> {
        int c = nextNonWhitespace();
        pos++;
        if (c == ']') return peeked = PEEKED_END_ARRAY;
        if (c != ',') throw syntax("Unterminated array", -1);
      }
      case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
        stack[top] = DANGLING_NAME;
        if (scope == NONEMPTY_OBJECT) {
          int c = nextNonWhitespace();
          pos++;
          if (c == '}') return peeked = PEEKED_END_OBJECT;
          if (c != ',') throw syntax("Unterminated object", -1);
        }
        int c = nextNonWhitespace();
        if (c == '"') {
          pos++;
          return peeked = PEEKED_NAME;
        }
        if (c == '}' && scope == EMPTY_OBJECT) {
          pos++;
          return peeked = PEEKED_END_OBJECT;
        }
        throw syntax("Expected name", 0);
      }
      case DANGLING_NAME -> {
        stack[top] = NONEMPTY_OBJECT;
        int c = nextNonWhitespace();
        pos++;
        if (c != ':') throw syntax("Expected ':'", -1);
      }
      case EMPTY_DOCUMENT -> stack[top] = NONEMPTY_DOCUMENT;
      case NONEMPTY_DOCUMENT -> {
        while (pos < limit && isWhitespace(bytes[pos])) pos++;
        if (pos == limit) return peeked = PEEKED_EOF;
        throw syntax("Unexpected content after the JSON value", 0);
      }
      default -> throw new AssertionError(scope);
    }

    int c = nextNonWhitespace();
    switch (c) {
      case '"':
        pos++;
        return peeked = PEEKED_STRING;
      case '{':
        pos++;
        return peeked = PEEKED_BEGIN_OBJECT;
      case '[':
        pos++;
        return peeked = PEEKED_BEGIN_ARRAY;
      case ']':
        if (scope == EMPTY_ARRAY) {
          pos++;
          return peeked = PEEKED_END_ARRAY;
        }
        throw syntax("Expected value", 0); // a trailing comma
      case 't':
        return keyword(TRUE, PEEKED_TRUE);
      case 'f':
        return keyword(FALSE, PEEKED_FALSE);
      case 'n':
        return keyword(NULL, PEEKED_NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw syntax("Expected value", 0);
    }
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private int keyword(byte[] keyword, int peeking) throws IOException {
    int end = pos + keyword.length;
    int available = Math.min(end, limit);
    if (!Arrays.equals(bytes, pos, available, keyword, 0, available - pos)) {
      throw syntax("Expected value", 0);
    }
    if (end > limit) throw endOfInput();
    if (end < limit && !isDelimiter(bytes[end])) throw syntax("Expected value", 0);
    pos = end;
    return peeked = peeking;
  }

  /** Finds the end of an RFC 8259 number starting at pos, leaving pos at its start. */
  private int number() throws IOException {
    int i = pos;
    if (bytes[i] == '-') i++;
    i = digits(i, true);
    if (i < limit && bytes[i] == '.') i = digits(i + 1, false);
    if (i < limit && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      if (i < limit && (bytes[i] == '+' || bytes[i] == '-')) i++;
      i = digits(i, false);
    }
    if (i < limit && !isDelimiter(bytes[i])) throw syntax("Expected value", 0);
    numberEnd = i;
    return peeked = PEEKED_NUMBER;
  }

  /** Reads one or more digits from {@code i}; an integer part may not have a leading zero. */
  private int digits(int i, boolean integerPart) throws IOException {
    if (i >= limit) throw endOfInput();
    byte b = bytes[i];
    if (b < '0' || b > '9') throw syntax("Expected value", 0);
    if (integerPart && b == '0') return i + 1; // a digit after it fails the delimiter check
    i++;
    while (i < limit && bytes[i] >= '0' && bytes[i] <= '9') i++;
    return i;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static boolean isDelimiter(byte b) {
    return b == ',' || b == ']' || b == '}' || isWhitespace(b);
  }

  private int nextNonWhitespace() throws IOException {
    while (pos < limit) {
      byte b = bytes[pos];
      if (!isWhitespace(b)) return b & 0xff;
      pos++;
    }
    throw endOfInput();
  }

  private String string() throws IOException {
    return Objects.requireNonNull(readString(true));
  }

  /**
   * Reads a string whose opening quote is consumed, through its closing quote, checking it.
   *
   * @param produce whether to build the String; {@code null} is returned otherwise
   */
  private @Nullable String readString(boolean produce) throws IOException {
    int start = pos;
    boolean ascii = true;
    for (int i = start; i < limit; i++) {
      byte b = bytes[i];
      if (b == '"') {
        pos = i + 1;
        if (!produce) return null;
        if (i == start) return "";
        return new String(
            bytes, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      } else if (b == '\\') {
        return readEscaped(start, i, produce);
      } else if (b >= 0 && b < 0x20) {
        pos = i;
        throw syntax("Unescaped control character in string", 0);
      } else if (b < 0) {
        ascii = false;
      }
    }
    throw endOfInput();
  }

  /** Continues {@link #readString} from its first backslash at {@code i}. */
  private @Nullable String readEscaped(int start, int i, boolean produce) throws IOException {
    char[] chars = null;
    if (produce) {
      // A string decodes to at most as many chars as it has bytes: size the buffer once.
      int end = i;
      while (end < limit && bytes[end] != '"') end += bytes[end] == '\\' ? 2 : 1;
      int capacity = Math.min(end, limit) - start;
      chars = SCRATCH.get();
      if (chars.length < capacity) {
        chars = new char[capacity];
        if (capacity <= KEPT_SCRATCH) SCRATCH.set(chars);
      }
    }
    int length = 0;
    int runStart = start;
    while (true) {
      if (i >= limit) throw endOfInput();
      byte b = bytes[i];
      if (b == '"' || b == '\\') {
        if (chars != null) length = appendRun(chars, runStart, i, length);
        if (b == '"') {
          pos = i + 1;
          return chars != null ? new String(chars, 0, length) : null;
        }
        if (i + 1 >= limit) throw endOfInput();
        char c;
        int next = i + 2;
        switch (bytes[i + 1]) {
          case '"' -> c = '"';
          case '\\' -> c = '\\';
          case '/' -> c = '/';
          case 'b' -> c = '\b';
          case 'f' -> c = '\f';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'u' -> {
            if (i + 6 > limit) throw endOfInput();
            int unit = 0;
            for (int h = i + 2; h < i + 6; h++) {
              int digit = Character.digit(bytes[h], 16);
              if (digit < 0 || bytes[h] < 0) {
                pos = i;
                throw syntax("Invalid \\u escape", 0);
              }
              unit = unit << 4 | digit;
            }
            c = (char) unit;
            next = i + 6;
          }
          default -> {
            pos = i;
            throw syntax("Invalid escape sequence", 0);
          }
        }
        if (chars != null) chars[length++] = c;
        i = next;
        runStart = next;
      } else if (b >= 0 && b < 0x20) {
        pos = i;
        throw syntax("Unescaped control character in string", 0);
      } else {
        i++;
      }
    }
  }

  /** Appends bytes[from, to) decoded to {@code chars} at {@code length}; the new length. */
  private int appendRun(char[] chars, int from, int to, int length) {
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      for (int i = from; i < to; i++) chars[length++] = (char) bytes[i];
      return length;
    }
    // Decoded on its own, as Moshi decodes each run between escapes.
    String run = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    run.getChars(0, run.length(), chars, length);
    return length + run.length();
  }

  private void push(int scope) throws IOException {
    if (size * STRIDE == stack.length) {
      if (size == MAX_SCOPES) throw new MalformedJsonException("Nesting too deep at " + getPath());
      stack = Arrays.copyOf(stack, stack.length * 2);
    }
    int at = size * STRIDE;
    stack[at + SCOPE] = scope;
    stack[at + INDEX] = 0;
    stack[at + NAME] = -1;
    size++;
  }

  private void setName(int start) {
    stack[(size - 1) * STRIDE + NAME] = start;
  }

  private void valueConsumed() {
    peeked = PEEKED_NONE;
    stack[(size - 1) * STRIDE + INDEX]++;
  }

  private void expect(int wanted, String what) throws IOException {
    int p = peeked == PEEKED_NONE ? doPeek() : peeked;
    if (p != wanted) throw unexpected(what);
  }

  private UnexpectedJsonException unexpected(String expected) throws IOException {
    return unexpected(expected, peek().name());
  }

  private UnexpectedJsonException unexpected(String expected, String found) {
    return new UnexpectedJsonException(
        "Expected " + expected + " but was " + found + " at path " + getPath());
  }

  /** A syntax error at {@code pos + offset} (the offending byte), named by its path. */
  private MalformedJsonException syntax(String message, int offset) {
    return new MalformedJsonException(
        message + " at path " + getPath() + " (byte " + (pos + offset) + ")");
  }

  private EOFException endOfInput() {
    return new EOFException("End of input at path " + getPath());
  }
}
