package dev.callingest;

import java.time.Instant;
import java.util.Random;

/**
 * Random values for the differential tests of the JSON writers: strings with every escape class,
 * non-ASCII, surrogate pairs and unpaired surrogates; extreme numbers, times and metadata of every
 * kind.
 */
public final class RandomWireText {
  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds. */
  public static final long FIRST_SECOND = -62_135_596_800L;

  public static final long LAST_SECOND = 253_402_300_799L;

  private static final long[] LONGS = {
    0,
    1,
    -1,
    9,
    10,
    -10,
    99,
    100,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MAX_VALUE - 1,
    Long.MIN_VALUE + 1,
    1_000_000_000_000_000_000L
  };
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    0.5,
    -0.5,
    1.0,
    0.1,
    1e-3,
    9.999e-4,
    1e7,
    9_999_999.0,
    1.0e7 + 1,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    Double.MIN_NORMAL,
    1e-300,
    123456789.123456789,
    2e22,
    Math.PI,
    (double) Long.MAX_VALUE
  };

  private final Random random;

  public RandomWireText(long seed) {
    random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  /** A string mixing every class of character; mostly short, sometimes long, sometimes empty. */
  public String string() {
    int length = chance(5) ? 0 : chance(5) ? random.nextInt(2_000) : random.nextInt(40);
    boolean plain = chance(40); // much text is plain ASCII: the fast path must stay exact too
    StringBuilder text = new StringBuilder(length + 4);
    while (text.length() < length) {
      if (plain) text.append((char) (0x20 + random.nextInt(0x5f)));
      else appendAny(text);
    }
    return text.toString();
  }

  /** Plain ASCII text without escapes, such as ids and URLs. */
  public String ascii(int maxLength) {
    int length = 1 + random.nextInt(maxLength);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c;
      do {
        c = (char) (0x20 + random.nextInt(0x5f));
      } while (c == '"' || c == '\\');
      text.append(c);
    }
    return text.toString();
  }

  private void appendAny(StringBuilder text) {
    switch (random.nextInt(14)) {
      case 0, 1, 2, 3 -> text.append((char) (0x20 + random.nextInt(0x60))); // incl. " \ DEL
      case 4 -> text.append((char) random.nextInt(0x20)); // control characters
      case 5 -> text.append(random.nextBoolean() ? '"' : '\\');
      case 6 -> text.append((char) (0x80 + random.nextInt(0x80))); // Latin-1
      case 7 -> text.append((char) (0x100 + random.nextInt(0x700))); // two bytes
      case 8 -> {
        char c;
        do {
          c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
        } while (Character.isSurrogate(c));
        text.append(c); // three bytes
      }
      case 9 -> text.append(random.nextBoolean() ? '\u2028' : '\u2029');
      case 10, 11 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000)); // surrogate pair
      case 12 -> text.append((char) (0xd800 + random.nextInt(0x400))); // unpaired high
      default -> text.append((char) (0xdc00 + random.nextInt(0x400))); // unpaired low
    }
  }

  public long anyLong() {
    return chance(30)
        ? LONGS[random.nextInt(LONGS.length)]
        : random.nextLong() >> random.nextInt(64);
  }

  public double anyDouble() {
    if (chance(30)) return DOUBLES[random.nextInt(DOUBLES.length)];
    if (chance(50))
      return (random.nextInt(2_000_000) - 1_000_000) / Math.pow(10, random.nextInt(8));
    double value;
    do {
      value = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(value));
    return value;
  }

  public MetadataValue metadataValue() {
    return switch (random.nextInt(4)) {
      case 0 -> MetadataValue.of(string());
      case 1 -> MetadataValue.of(anyLong());
      case 2 -> MetadataValue.of(anyDouble());
      default -> MetadataValue.of(random.nextBoolean());
    };
  }

  /** A time the APIs can carry (years 0001 to 9999), with every shape of fraction. */
  public Instant writableInstant() {
    long seconds =
        switch (random.nextInt(6)) {
          case 0 -> FIRST_SECOND + random.nextInt(1_000_000);
          case 1 -> LAST_SECOND - random.nextInt(1_000_000);
          case 2 -> random.nextInt(2_000_000_000);
          default -> FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND));
        };
    int nanos =
        switch (random.nextInt(5)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1_000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1_000;
          case 3 -> 999_999_999;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** Any instant, sometimes one outside the years 0001 to 9999. */
  public Instant anyInstant() {
    if (!chance(5)) return writableInstant();
    return random.nextBoolean()
        ? Instant.ofEpochSecond(LAST_SECOND + 1 + random.nextInt(1_000_000_000), random.nextInt(3))
        : Instant.ofEpochSecond(FIRST_SECOND - 1 - random.nextInt(1_000_000_000), 0);
  }
}
