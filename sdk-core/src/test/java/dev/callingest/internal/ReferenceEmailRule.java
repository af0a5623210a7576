package dev.callingest.internal;

/**
 * The {@link EmailRule} of commit e00c2da, kept unchanged but for its name as the oracle of {@link
 * ValidationParityTest}: the rule was rewritten to read ranges in place instead of cutting
 * substrings, and must keep every verdict.
 */
final class ReferenceEmailRule {
  private static final int MAX_LENGTH = 254; // UTF-16 units, as JavaScript counts
  private static final int MAX_LOCAL_BYTES = 64; // RFC 5321
  private static final int MAX_DOMAIN_BYTES = 254;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final String ATOM_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

  private ReferenceEmailRule() {}

  static boolean accepts(String email) {
    if (email.length() > MAX_LENGTH) return false;
    int at = email.lastIndexOf('@');
    if (at < 0) return false;
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    return utf8Length(local) <= MAX_LOCAL_BYTES
        && utf8Length(domain) <= MAX_DOMAIN_BYTES
        && isDomain(domain)
        && (local.startsWith("\"") ? isQuoted(local) : isDotAtom(local));
  }

  /** The UTF-8 length; a lone surrogate, which cannot be encoded, counts as too long. */
  private static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
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
  private static boolean isDomain(String domain) {
    int lastDot = domain.lastIndexOf('.');
    if (lastDot < 0 || !isTopLevel(domain.substring(lastDot + 1))) return false;
    int start = 0;
    while (true) {
      int dot = domain.indexOf('.', start);
      int end = dot < 0 ? domain.length() : dot;
      if (!isLabel(domain, start, end)) return false;
      if (dot < 0) return true;
      start = dot + 1;
    }
  }

  /** Two or more letters (non-ASCII letters count), or an IDN label {@code xn--...}. */
  private static boolean isTopLevel(String tld) {
    if (tld.length() >= 4 && tld.regionMatches(true, 0, "xn", 0, 2)) {
      boolean ascii = true;
      for (int i = 2; i < tld.length(); i++) {
        char c = tld.charAt(i);
        ascii &= isAsciiLetterOrDigit(c) || c == '-';
      }
      if (ascii) return true;
    }
    if (tld.length() < 2) return false;
    for (int i = 0; i < tld.length(); i++) {
      char c = tld.charAt(i);
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
  private static boolean isDotAtom(String local) {
    int atomLength = 0;
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
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
  private static boolean isQuoted(String local) {
    if (local.length() < 2 || local.charAt(local.length() - 1) != '"') return false;
    int end = local.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = local.charAt(i);
      if (c == '\\') {
        if (++i == end) return false;
        char escaped = local.charAt(i);
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
