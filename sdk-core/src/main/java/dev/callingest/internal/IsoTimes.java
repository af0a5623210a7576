package dev.callingest.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO 8601 text of the times the APIs carry, written by hand: {@link DateTimeFormatter} is a
 * general-purpose engine and was a large share of the time spent writing a batch. The APIs take
 * four-digit years (0001 to 9999) and offsets in hours and minutes; {@link #isWritable} tells
 * whether a time can be written in that form, and the validators refuse the rest before sending.
 */
public final class IsoTimes {
  /** The first year the APIs' timestamps can carry. */
  public static final int MIN_YEAR = 1;

  /** The last year the APIs' timestamps can carry. */
  public static final int MAX_YEAR = 9999;

  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds.
  private static final long FIRST_SECOND = -62_135_596_800L;
  private static final long LAST_SECOND = 253_402_300_799L;

  private IsoTimes() {}

  /**
   * {@return {@code time} as the Upload API receives it: unchanged when its offset is whole
   * minutes, otherwise the same instant in UTC} ISO 8601 has no seconds in an offset; only
   * historical local mean times (before about 1900) have them.
   */
  public static OffsetDateTime writable(OffsetDateTime time) {
    return time.getOffset().getTotalSeconds() % 60 == 0
        ? time
        : time.withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** {@return whether {@link #offsetDateTime} can write {@code time}: its year is 0001 to 9999} */
  public static boolean isWritable(OffsetDateTime time) {
    int year = writable(time).getYear();
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }

  /** {@return whether {@link #instantSeconds} writes {@code instant} with a year 0001 to 9999} */
  public static boolean isWritable(Instant instant) {
    long seconds = instant.getEpochSecond();
    return seconds >= FIRST_SECOND && seconds <= LAST_SECOND;
  }

  /**
   * {@code time} as ISO 8601 with its offset, such as {@code 2025-01-15T14:30:05.12+05:30}, or
   * {@code Z} for UTC; the fraction of a second has no trailing zeros. An offset with seconds is
   * written as UTC ({@link #writable}).
   *
   * @throws IllegalArgumentException if the year is not 0001 to 9999 ({@link #isWritable})
   */
  public static String offsetDateTime(OffsetDateTime time) {
    OffsetDateTime written = writable(time);
    int year = written.getYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new IllegalArgumentException("year " + year + " is outside 0001-9999");
    }
    StringBuilder text = new StringBuilder(35);
    dateTime(
        text,
        year,
        written.getMonthValue(),
        written.getDayOfMonth(),
        written.getHour(),
        written.getMinute(),
        written.getSecond(),
        written.getNano());
    offset(text, written.getOffset());
    return text.toString();
  }

  /**
   * {@code instant} in UTC with its fraction of a second, such as {@code 2025-01-15T09:00:05.12Z}:
   * exactly what {@link #offsetDateTime} writes for {@code instant.atOffset(ZoneOffset.UTC)},
   * without building the date-time objects (an {@code OffsetDateTime}, its {@code LocalDateTime}
   * and the offset's {@code ZoneRules}), since the Upload API's writer runs it for every call.
   *
   * @throws IllegalArgumentException if the year is not 0001 to 9999 ({@link #isWritable(Instant)})
   */
  public static String instant(Instant instant) {
    if (!isWritable(instant)) return offsetDateTime(instant.atOffset(ZoneOffset.UTC)); // throws
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    int date = civilDate(days);
    int year = date >>> 9;
    int month = (date >>> 5) & 15;
    int day = date & 31;
    StringBuilder text = new StringBuilder(30);
    dateTime(
        text,
        year,
        month,
        day,
        secondOfDay / 3600,
        secondOfDay / 60 % 60,
        secondOfDay % 60,
        instant.getNano());
    return text.append('Z').toString();
  }

  /**
   * {@code instant} cut to whole seconds in UTC, such as {@code 2023-01-01T10:00:00Z}. A year
   * outside 0001-9999 ({@link #isWritable(Instant)}) is written as {@link
   * DateTimeFormatter#ISO_INSTANT} does, so that a batch holding one can still be measured; the
   * validator refuses it before anything is sent.
   */
  public static String instantSeconds(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (!isWritable(instant)) {
      return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
    StringBuilder text = new StringBuilder(20);
    dateTime(
        text,
        date.getYear(),
        date.getMonthValue(),
        date.getDayOfMonth(),
        secondOfDay / 3600,
        secondOfDay / 60 % 60,
        secondOfDay % 60,
        0);
    return text.append('Z').toString();
  }

  private static void dateTime(
      StringBuilder text,
      int year,
      int month,
      int day,
      int hour,
      int minute,
      int second,
      int nano) {
    digits(text, year, 4).append('-');
    digits(text, month, 2).append('-');
    digits(text, day, 2).append('T');
    digits(text, hour, 2).append(':');
    digits(text, minute, 2).append(':');
    digits(text, second, 2);
    if (nano > 0) {
      // As the formatter does: the fraction's digits without trailing zeros.
      int digits = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        digits--;
      }
      digits(text.append('.'), nano, digits);
    }
  }

  private static void offset(StringBuilder text, ZoneOffset offset) {
    int total = offset.getTotalSeconds();
    if (total == 0) {
      text.append('Z');
      return;
    }
    int absolute = Math.abs(total);
    text.append(total < 0 ? '-' : '+');
    digits(text, absolute / 3600, 2).append(':');
    digits(text, absolute / 60 % 60, 2);
  }

  private static StringBuilder digits(StringBuilder text, int value, int width) {
    for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
      text.append((char) ('0' + value / divisor % 10));
    }
    return text;
  }

  /**
   * The proleptic Gregorian date of an epoch day of a writable year (0001 to 9999), packed as
   * {@code year << 9 | month << 5 | day}: computed in 400-year eras starting on March 1st (H.
   * Hinnant's civil_from_days), as {@code LocalDate.ofEpochDay} computes it, without building a
   * {@code LocalDate}.
   */
  private static int civilDate(long days) {
    long shifted = days + 719_468L;
    long era = Math.floorDiv(shifted, 146_097L);
    int dayOfEra = (int) (shifted - era * 146_097L);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    int year = (int) (era * 400 + yearOfEra) + (month <= 2 ? 1 : 0);
    return year << 9 | month << 5 | day;
  }

  private static int pow10(int exponent) {
    int result = 1;
    for (int i = 0; i < exponent; i++) result *= 10;
    return result;
  }

  /**
   * Writes {@code instant} quoted, in UTC, into {@code bytes} from {@code position}: the text of
   * {@link #instant} ({@code fraction}) or of {@link #instantSeconds} (not), without building it.
   * The instant must be {@linkplain #isWritable(Instant) writable}, and 32 bytes must be free.
   *
   * @return the position after the closing quote
   */
  static int writeInstant(byte[] bytes, int position, Instant instant, boolean fraction) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    int date = civilDate(days);
    int year = date >>> 9;
    int month = (date >>> 5) & 15;
    int day = date & 31;
    int p = position;
    bytes[p++] = '"';
    p = digits(bytes, p, year, 4);
    bytes[p++] = '-';
    p = digits(bytes, p, month, 2);
    bytes[p++] = '-';
    p = digits(bytes, p, day, 2);
    bytes[p++] = 'T';
    p = digits(bytes, p, secondOfDay / 3600, 2);
    bytes[p++] = ':';
    p = digits(bytes, p, secondOfDay / 60 % 60, 2);
    bytes[p++] = ':';
    p = digits(bytes, p, secondOfDay % 60, 2);
    int nano = fraction ? instant.getNano() : 0;
    if (nano > 0) {
      int width = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        width--;
      }
      bytes[p++] = '.';
      p = digits(bytes, p, nano, width);
    }
    bytes[p++] = 'Z';
    bytes[p++] = '"';
    return p;
  }

  private static int digits(byte[] bytes, int position, int value, int width) {
    for (int i = position + width - 1; i >= position; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return position + width;
  }
}
