package dev.callingest.internal;

/**
 * The email rule of {@link FieldRules#isEmail}: what validator.js's {@code isEmail} accepts with
 * its default options, except that a quoted local part must end with its closing quote. Written as
 * a scan rather than a regular expression: it runs for every email of every call of every batch.
 */
final class EmailRule {
  private static final int MAX_LENGTH = 254; // UTF-16 units, as JavaScript counts
  private static final int MAX_LOCAL_BYTES = 64; // RFC 5321
  private static final int MAX_DOMAIN_BYTES = 254;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final String ATOM_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

  private EmailRule() {}

  // Every check reads a range of the address in place: no substring is made, since the rule runs
  // for every email of every call of every batch (two substrings a call were a tenth of a submit's
  // allocation).
  static boolean accepts(String email) {
    int length = email.length();
    if (length > MAX_LENGTH) return false;
    int at = email.lastIndexOf('@');
    if (at < 0) return false;
    return fitsUtf8(email, 0, at, MAX_LOCAL_BYTES)
        && fitsUtf8(email, at + 1, length, MAX_DOMAIN_BYTES)
        && isDomain(email, at + 1, length)
        && (at > 0 && email.charAt(0) == '"' ? isQuoted(email, 0, at) : isDotAtom(email, 0, at));
  }

  /**
   * Whether {@code utf8Length(text, from, to) <= max}, without counting when the range is short
   * enough: a character takes at most 3 bytes (a surrogate pair 4 for 2), so a range of at most
   * {@code max / 3} characters fits unless it holds a lone surrogate.
   */
  private static boolean fitsUtf8(String text, int from, int to, int max) {
    if ((to - from) * 3 > max) return utf8Length(text, from, to) <= max;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < Character.MIN_SURROGATE) continue;
      if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** The UTF-8 length of a range; a lone surrogate, which cannot be encoded, counts as too long. */
  private static int utf8Length(String text, int from, int to) {
    int bytes = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return Integer.MAX_VALUE;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** At least two labels, the last one a top-level domain; no IP address, no trailing dot. */
  private static boolean isDomain(String text, int from, int to) {
    int lastDot = to > from ? text.lastIndexOf('.', to - 1) : -1;
    if (lastDot < from || !isTopLevel(text, lastDot + 1, to)) return false;
    int start = from;
    while (true) {
      int dot = text.indexOf('.', start);
      if (dot >= to) dot = -1;
      int end = dot < 0 ? to : dot;
      if (!isLabel(text, start, end)) return false;
      if (dot < 0) return true;
      start = dot + 1;
    }
  }

  /** Two or more letters (non-ASCII letters count), or an IDN label {@code xn--...}. */
  private static boolean isTopLevel(String text, int from, int to) {
    int length = to - from;
    if (length >= 4 && text.regionMatches(true, from, "xn", 0, 2)) {
      boolean ascii = true;
      for (int i = from + 2; i < to; i++) {
        char c = text.charAt(i);
        ascii &= isAsciiLetterOrDigit(c) || c == '-';
      }
      if (ascii) return true;
    }
    if (length < 2) return false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      boolean letter = isAsciiLetter(c) || (isWideText(c) && c != '\u00A9');
      if (!letter || FieldRules.isSpace(c)) return false;
    }
    return true;
  }

  /** Letters, digits, inner hyphens and any character from U+00A1 up, except full-width ASCII. */
  private static boolean isLabel(String domain, int start, int end) {
    if (end == start || end - start > MAX_LABEL_LENGTH) return false;
    if (domain.charAt(start) == '-' || domain.charAt(end - 1) == '-') return false;
    for (int i = start; i < end; i++) {
      char c = domain.charAt(i);
      boolean allowed =
          isAsciiLetterOrDigit(c)
              || c == '-'
              || (c >= '\u00A1' && !(c >= '\uFF01' && c <= '\uFF5E'));
      if (!allowed) return false;
    }
    return true;
  }

  /** Dot-separated atoms, none empty: letters, digits, the atom symbols and non-ASCII text. */
  private static boolean isDotAtom(String text, int from, int to) {
    int atomLength = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (atomLength == 0) return false;
        atomLength = 0;
      } else if (isAsciiLetterOrDigit(c) || ATOM_SYMBOLS.indexOf(c) >= 0 || isWideText(c)) {
        atomLength++;
      } else {
        return false;
      }
    }
    return atomLength > 0;
  }

  /**
   * {@code "..."}: printable ASCII but the quote and backslash, white space, escapes, wide text.
   */
  private static boolean isQuoted(String text, int from, int to) {
    if (to - from < 2 || text.charAt(to - 1) != '"') return false;
    int end = to - 1;
    for (int i = from + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (++i == end) return false;
        char escaped = text.charAt(i);
        if (!((escaped >= 0x01 && escaped <= 0x7F && escaped != '\n') || isWideText(escaped))) {
          return false;
        }
      } else if (!(c >= 0x01 && c <= 0x7F && c != '"')
          && !FieldRules.isSpace(c)
          && !isWideText(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Non-ASCII text as validator.js admits it: U+00A1 to U+D7FF, U+F900 to U+FDCF, U+FDF0 to U+FFEF.
   */
  private static boolean isWideText(char c) {
    return (c >= '\u00A1' && c <= '\uD7FF')
        || (c >= '\uF900' && c <= '\uFDCF')
        || (c >= '\uFDF0' && c <= '\uFFEF');
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }
}
