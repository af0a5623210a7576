package dev.callingest.analysis.internal;

import java.time.Instant;

/**
 * Reads the usual shape of an ISO 8601 date-time with offset from UTF-8 bytes, without a {@code
 * String} or a {@code DateTimeFormatter} (which allocates about 1.5 KB a parse): {@code
 * yyyy-MM-ddTHH:mm[:ss[.fffffffff]](Z|+hh:mm|-hh:mm)} followed by the closing quote. It accepts
 * only what {@code OffsetDateTime.parse} accepts and gives the same instant; anything else
 * (lower-case letters, other offset forms, leap seconds, offsets of 18 hours) is left to it.
 */
final class IsoInstants {
  private static final long DAYS_0000_TO_1970 = 719_528L;

  private IsoInstants() {}

  /** The instant of the string starting at {@code at}, which {@link #end} has checked. */
  static Instant read(byte[] bytes, int at) {
    int year = number(bytes, at, 4);
    int month = number(bytes, at + 5, 2);
    int day = number(bytes, at + 8, 2);
    int hour = number(bytes, at + 11, 2);
    int minute = number(bytes, at + 14, 2);
    int second = 0;
    int nano = 0;
    int i = at + 16;
    if (bytes[i] == ':') {
      second = number(bytes, i + 1, 2);
      i += 3;
      if (bytes[i] == '.') {
        int digits = 0;
        for (i++; bytes[i] >= '0' && bytes[i] <= '9'; i++, digits++) {
          nano = nano * 10 + (bytes[i] - '0');
        }
        for (int d = digits; d < 9; d++) nano *= 10;
      }
    }
    int offset = 0;
    if (bytes[i] != 'Z') {
      int seconds = number(bytes, i + 1, 2) * 3600 + number(bytes, i + 4, 2) * 60;
      offset = bytes[i] == '-' ? -seconds : seconds;
    }
    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second - offset;
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /**
   * Checks the shape and the ranges of the string starting at {@code at}.
   *
   * @return the index of its closing quote, or -1 if it is not the usual shape
   */
  static int end(byte[] bytes, int at, int limit) {
    if (at + 18 > limit) return -1;
    int year = number(bytes, at, 4);
    int month = number(bytes, at + 5, 2);
    int day = number(bytes, at + 8, 2);
    int hour = number(bytes, at + 11, 2);
    int minute = number(bytes, at + 14, 2);
    if (year < 0
        || bytes[at + 4] != '-'
        || month < 1
        || month > 12
        || bytes[at + 7] != '-'
        || day < 1
        || day > monthLength(year, month)
        || bytes[at + 10] != 'T'
        || hour < 0
        || hour > 23
        || bytes[at + 13] != ':'
        || minute < 0
        || minute > 59) {
      return -1;
    }
    int i = at + 16;
    if (bytes[i] == ':') {
      if (i + 3 > limit) return -1;
      int second = number(bytes, i + 1, 2);
      if (second < 0 || second > 59) return -1;
      i += 3;
      if (i < limit && bytes[i] == '.') {
        int digits = 0;
        for (i++; i < limit && bytes[i] >= '0' && bytes[i] <= '9'; i++) digits++;
        if (digits == 0 || digits > 9) return -1;
      }
    }
    if (i < limit && bytes[i] == 'Z') {
      i++;
    } else if (i + 6 <= limit && (bytes[i] == '+' || bytes[i] == '-') && bytes[i + 3] == ':') {
      int hours = number(bytes, i + 1, 2);
      int minutes = number(bytes, i + 4, 2);
      if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) return -1;
      i += 6;
    } else {
      return -1;
    }
    return i < limit && bytes[i] == '"' ? i : -1;
  }

  /** The decimal number of {@code length} digits at {@code at}, or -1. */
  private static int number(byte[] bytes, int at, int length) {
    if (at + length > bytes.length) return -1;
    int value = 0;
    for (int i = at; i < at + length; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  }

  private static boolean isLeap(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** As {@code LocalDate.of(year, month, day).toEpochDay()}, for years 0 to 9999. */
  private static long epochDay(long year, int month, int day) {
    long total = 365 * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
    total += (367 * month - 362) / 12 + day - 1;
    if (month > 2) total -= isLeap(year) ? 1 : 2;
    return total - DAYS_0000_TO_1970;
  }
}
