package dev.callingest.emulator;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The field rules the emulated servers apply, derived from the two API documents and from how the
 * stacks behind them check values; written on their own, not from the SDK. The Partner API's error
 * messages ("id should not be empty", "must be a URL address") are class-validator's, so both
 * services are modelled as Node.js services:
 *
 * <ul>
 *   <li>blank: nothing left after JavaScript's {@code trim()}, which removes the ECMAScript white
 *       space and line terminators (the no-break spaces included);
 *   <li>email: validator.js {@code isEmail} with its default options (no IP domains, no display
 *       names, a top-level domain of two letters or more, RFC 5321's 64-byte local part, 254
 *       characters in all), except that a quoted local part must be closed;
 *   <li>URL: {@code scheme://host[:port]path} as a WHATWG parser reads it, held to DNS host names
 *       (non-empty labels of at most 63 characters with no hyphen at either end, 253 in all),
 *       dotted IPv4 or bracketed IPv6, a port of 0 to 65535, and no white space or control
 *       character anywhere;
 *   <li>time: ISO 8601 with a four-digit year from 0001 to 9999, a real calendar date, whole
 *       seconds (a fraction allowed) and {@code Z} or an offset of hours and minutes;
 *   <li>length: characters counted as code points, as validator.js {@code isLength} does.
 * </ul>
 */
final class ServerRules {
  /** JavaScript's WhiteSpace and LineTerminator characters, as a regular expression class body. */
  static final String JS_SPACE =
      "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

  private static final Pattern BLANK = Pattern.compile("[" + JS_SPACE + "]*");
  private static final Pattern SPACE = Pattern.compile("[" + JS_SPACE + "]");
  private static final Pattern SPACE_OR_CONTROL =
      Pattern.compile("[" + JS_SPACE + "\\x00-\\x1F\\x7F-\\x9F]");

  // validator.js admits these UTF-16 ranges as "non-ASCII text" in local parts and top-level
  // domains.
  private static final String WIDE = "\\u00A1-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF";
  private static final Pattern ATOM =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-" + WIDE + "]+");
  private static final Pattern QUOTED_LOCAL =
      Pattern.compile(
          "\"(?:["
              + JS_SPACE
              + "\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\x21\\x23-\\x5B\\x5D-\\x7E"
              + WIDE
              + "]|\\\\[\\x01-\\x09\\x0B\\x0C\\x0D-\\x7F"
              + WIDE
              + "])*\"");
  private static final Pattern TOP_LEVEL =
      Pattern.compile(
          "[A-Za-z\\u00A1-\\u00A8\\u00AA-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]{2,}"
              + "|[Xx][Nn][A-Za-z0-9-]{2,}");
  // Any UTF-16 unit from U+00A1 up, surrogates included, so any code point from there up.
  private static final Pattern EMAIL_LABEL = Pattern.compile("[A-Za-z0-9\\-\\x{A1}-\\x{10FFFF}]+");
  private static final Pattern FULL_WIDTH = Pattern.compile("[\\uFF01-\\uFF5E]");

  private static final Pattern URL =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*)://([^/?#]*)([^?#]*)(?:[?#].*)?", Pattern.DOTALL);
  private static final Pattern BRACKETED =
      Pattern.compile("\\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)](?::(.*))?");
  private static final Pattern PLAIN = Pattern.compile("([^:\\[\\]]*)(?::(.*))?");
  // RFC 1123 host labels: no hyphen at either end (a WHATWG parser lets one through; DNS never
  // does).
  private static final Pattern HOST_LABEL =
      Pattern.compile("(?!-)[A-Za-z0-9_\\-\\x{80}-\\x{10FFFF}]{1,63}(?<!-)");
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

  private static final Pattern UTC_TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?Z");
  private static final Pattern OFFSET_TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?"
              + "(?:Z|[+-]([0-9]{2}):([0-9]{2}))");

  private ServerRules() {}

  /** Whether nothing is left of {@code value} once JavaScript's {@code trim()} is done with it. */
  static boolean isBlank(String value) {
    return BLANK.matcher(value).matches();
  }

  /** {@return the length of {@code value} in code points} */
  static long length(String value) {
    return value.codePoints().count();
  }

  static boolean isEmail(String value) {
    if (value.length() > 254 || value.codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
      return false;
    }
    String[] parts = value.split("@", -1);
    if (parts.length < 2) {
      return false;
    }
    String domain = parts[parts.length - 1];
    String local = value.substring(0, value.length() - domain.length() - 1);
    if (utf8(local) > 64 || utf8(domain) > 254 || !isEmailDomain(domain)) {
      return false;
    }
    if (local.startsWith("\"")) {
      return QUOTED_LOCAL.matcher(local).matches();
    }
    for (String atom : local.split("\\.", -1)) {
      if (!ATOM.matcher(atom).matches()) {
        return false;
      }
    }
    return true;
  }

  private static int utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static boolean isEmailDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    String top = labels[labels.length - 1];
    if (labels.length < 2 || !TOP_LEVEL.matcher(top).matches() || SPACE.matcher(top).find()) {
      return false;
    }
    for (String label : labels) {
      if (label.length() > 63
          || !EMAIL_LABEL.matcher(label).matches()
          || FULL_WIDTH.matcher(label).find()
          || label.startsWith("-")
          || label.endsWith("-")) {
        return false;
      }
    }
    return true;
  }

  /** A URL as the servers read it; {@code valid} is false when they would refuse it. */
  record Url(boolean valid, String scheme, String host, boolean portWritten, String path) {
    static final Url INVALID = new Url(false, "", "", false, "");
  }

  static Url url(String text) {
    Matcher url = URL.matcher(text);
    if (SPACE_OR_CONTROL.matcher(text).find() || !url.matches()) {
      return Url.INVALID;
    }
    String authority = url.group(2);
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    String port;
    boolean hostValid;
    Matcher bracketed = BRACKETED.matcher(hostAndPort);
    Matcher plain = PLAIN.matcher(hostAndPort);
    if (bracketed.matches()) {
      host = bracketed.group(1);
      port = bracketed.group(2);
      hostValid = isIpv6(host);
    } else if (plain.matches()) {
      host = plain.group(1);
      port = plain.group(2);
      hostValid = isHostName(host);
    } else {
      return Url.INVALID;
    }
    boolean portValid =
        port == null
            || port.isEmpty()
            || (port.matches("[0-9]+")
                && new BigInteger(port).compareTo(BigInteger.valueOf(65535)) <= 0);
    if (!hostValid || !portValid) {
      return Url.INVALID;
    }
    return new Url(
        true,
        url.group(1).toLowerCase(Locale.ROOT),
        host.toLowerCase(Locale.ROOT),
        port != null,
        url.group(3));
  }

  /**
   * A DNS name: dot-separated labels, one trailing dot allowed; a numeric last label means IPv4.
   */
  private static boolean isHostName(String host) {
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.isEmpty() || length(name) > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].matches("[0-9]+") || IPV4.matcher(name).matches();
  }

  /** The JDK's own reading of an IPv6 literal; the pattern keeps it from ever looking a name up. */
  private static boolean isIpv6(String literal) {
    try {
      InetAddress.getByName("[" + literal + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A Partner API time: UTC, {@code YYYY-MM-DDThh:mm:ss[.fff]Z}; null when refused. */
  static @Nullable Instant utcTime(String value) {
    Matcher m = UTC_TIME.matcher(value);
    return m.matches() ? instant(m) : null;
  }

  /** Whether {@code value} is an Upload API timestamp: like a UTC time, or with {@code ±hh:mm}. */
  static boolean isOffsetTime(String value) {
    Matcher m = OFFSET_TIME.matcher(value);
    if (!m.matches()) {
      return false;
    }
    if (m.group(8) != null
        && (Integer.parseInt(m.group(8)) > 23 || Integer.parseInt(m.group(9)) > 59)) {
      return false;
    }
    return instant(m) != null;
  }

  private static @Nullable Instant instant(Matcher m) {
    int year = Integer.parseInt(m.group(1));
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    if (year < 1 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    try {
      LocalDate date =
          LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
      return date.atTime(hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
