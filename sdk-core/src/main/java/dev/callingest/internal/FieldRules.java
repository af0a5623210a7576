package dev.callingest.internal;

/**
 * The field rules both API packages share, so that a value means the same thing to either client:
 * one notion of blank, one way to count characters, one email rule and one URL rule ({@link
 * UrlCheck}). They follow what the APIs' servers (Node.js services, the Partner API running
 * class-validator) accept, and where they are stricter the guides in {@code docs/} say so and why.
 */
public final class FieldRules {
  private FieldRules() {}

  /**
   * Whether {@code c} is white space as JavaScript's {@code trim()} and {@code \s} see it: tab,
   * line feed, vertical tab, form feed, carriage return, every space separator (such as U+0020,
   * U+00A0 and U+3000), U+2028, U+2029 and U+FEFF. Unlike {@link Character#isWhitespace}, it
   * includes the no-break spaces and excludes the information separators U+001C to U+001F.
   */
  public static boolean isSpace(char c) {
    // ASCII first, without the Unicode table: of U+0000 to U+007F only tab to carriage return
    // (U+0009 to U+000D) and the space itself are white space; the rules call this for every
    // character of every URL they check.
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    switch (c) {
      case '\t', '\n', '\u000B', '\f', '\r', '\u2028', '\u2029', '\uFEFF':
        return true;
      default:
        return Character.getType(c) == Character.SPACE_SEPARATOR;
    }
  }

  /** Whether {@code value} is empty or made only of {@linkplain #isSpace white space}. */
  public static boolean isBlank(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isSpace(value.charAt(i))) return false;
    }
    return true;
  }

  /** {@return the number of characters of {@code value}, counted as Unicode code points} */
  public static int characters(String value) {
    return value.codePointCount(0, value.length());
  }

  /**
   * Whether {@code value} is an email address as a validator.js {@code isEmail} check with its
   * default options accepts it: at most 254 characters, a local part of at most 64 UTF-8 bytes made
   * of dot-separated atoms (or one quoted string), and a domain of at least two labels whose last
   * label is alphabetic; no IP address as the domain, no underscores in it.
   */
  public static boolean isEmail(String value) {
    return EmailRule.accepts(value);
  }

  /**
   * Checks {@code value} against the one URL rule; see {@link UrlCheck}.
   *
   * @param value the URL as it will be sent
   * @return the parts of the URL and its first problem, if any
   */
  public static UrlCheck url(String value) {
    return UrlCheck.of(value);
  }
}
