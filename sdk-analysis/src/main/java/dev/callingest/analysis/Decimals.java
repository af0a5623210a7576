package dev.callingest.analysis;

import java.math.BigDecimal;

/**
 * Parses decimal text into a {@link BigDecimal} equal to (same value and scale as) what {@code new
 * BigDecimal(text)} gives. The usual shapes of a score ({@code 7}, {@code 72.5}: an optional minus,
 * at most 18 digits, at most one point with digits on both sides) go through {@link
 * BigDecimal#valueOf(long, int)}, which copies no characters and shares the instances for 0 to 10;
 * everything else goes to the constructor.
 */
final class Decimals {
  private static final int MAX_DIGITS = 18; // 10^18 - 1 fits in a long

  private Decimals() {}

  /**
   * {@return the value of {@code text}}
   *
   * @throws NumberFormatException if {@code text} is not a decimal number
   */
  static BigDecimal parse(String text) {
    int length = text.length();
    int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
    long unscaled = 0;
    int digits = 0;
    int point = -1;
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        unscaled = unscaled * 10 + (c - '0');
        digits++;
      } else if (c == '.' && point < 0 && i > start && i < length - 1) {
        point = i;
      } else {
        return new BigDecimal(text);
      }
    }
    if (digits == 0 || digits > MAX_DIGITS) return new BigDecimal(text);
    int scale = point < 0 ? 0 : length - 1 - point;
    return BigDecimal.valueOf(start == 1 ? -unscaled : unscaled, scale);
  }
}
