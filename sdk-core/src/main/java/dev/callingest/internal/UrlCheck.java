package dev.callingest.internal;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one URL rule of both APIs, applied to the text as it is sent: {@code scheme://host[:port]}
 * followed by any path, query and fragment, with no white space or control character anywhere. The
 * host is a domain name of non-empty labels (letters, digits, hyphens, underscores or non-ASCII
 * text; no label starting or ending with a hyphen; at most 63 characters a label and 253 in all;
 * one trailing dot allowed), a dotted IPv4 address, or an IPv6 address in brackets; the port, when
 * written, is 0 to 65535. Which schemes are allowed is the caller's business ({@link #scheme()}),
 * and so is whether a port may be written at all ({@link #hasPortSeparator()}: an {@code s3://}
 * bucket has none).
 *
 * <p>A WHATWG URL parser (Node.js's {@code new URL}) refuses a missing host and an out-of-range
 * port too, but it quietly repairs some forms this rule refuses ({@code https:///host}, surrounding
 * spaces) and accepts empty host labels, which no DNS name can have.
 */
public final class UrlCheck {
  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private final String scheme;
  // The host is kept as a range of the text and cut out only when asked for: the validators check
  // every URL of every call and never ask.
  private final String text;
  private final int hostStart;
  private final int hostEnd;
  private final @Nullable String ipv6Host;
  private final boolean hasPathBeyondSlash;
  private final boolean hasPortSeparator;
  private final @Nullable String problem;

  private UrlCheck(
      String scheme,
      String text,
      int hostStart,
      int hostEnd,
      @Nullable String ipv6Host,
      boolean hasPathBeyondSlash,
      boolean hasPortSeparator,
      @Nullable String problem) {
    this.scheme = scheme;
    this.text = text;
    this.hostStart = hostStart;
    this.hostEnd = hostEnd;
    this.ipv6Host = ipv6Host;
    this.hasPathBeyondSlash = hasPathBeyondSlash;
    this.hasPortSeparator = hasPortSeparator;
    this.problem = problem;
  }

  /**
   * {@return what is wrong with the URL, such as {@code "has no host"}, or empty when nothing is}
   */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** {@return the scheme in lower case, or {@code ""} when the text has none} */
  public String scheme() {
    return scheme;
  }

  /** {@return the host (IPv6 without brackets), or {@code ""} when the text has none} */
  public String host() {
    return ipv6Host != null ? ipv6Host : text.substring(hostStart, hostEnd);
  }

  /** {@return whether the path names something below the root: more than a lone {@code /}} */
  public boolean hasPathBeyondSlash() {
    return hasPathBeyondSlash;
  }

  /**
   * {@return whether a colon follows the host: a port, or an empty one ({@code host:/path}), was
   * written}
   */
  public boolean hasPortSeparator() {
    return hasPortSeparator;
  }

  static UrlCheck of(String text) {
    // Each character is looked at as few times as possible: the rule runs for every URL of every
    // call of every batch. This first pass also notes where the query or fragment starts.
    int length = text.length();
    int pathEnd = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c > 0x20 && c < 0x7F) { // printable ASCII, nearly every character of a URL
        if ((c == '?' || c == '#') && pathEnd == length) pathEnd = i;
        continue;
      }
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || FieldRules.isSpace(c)) {
        return failed("contains white space or a control character");
      }
    }
    int separator = text.indexOf("://");
    if (separator <= 0 || !isScheme(text, separator)) {
      return failed("is not an absolute URL with a scheme and a host");
    }
    String scheme = scheme(text, separator);
    int authorityStart = separator + 3;
    // One pass over the authority: it ends at the first '/', '?' or '#'; the host follows its last
    // '@' (user info), and a port follows the first ':' after that.
    int authorityEnd = length;
    int hostStart = authorityStart;
    int colon = -1;
    for (int i = authorityStart; i < length; i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
      if (c == '@') {
        hostStart = i + 1;
        colon = -1;
      } else if (c == ':' && colon < 0) {
        colon = i;
      }
    }
    // The scheme and "://" hold no '?' or '#' (isScheme), nor does the authority: the first in the
    // text, found above, ends the path.
    boolean deepPath = pathEnd - authorityEnd > 1;

    if (hostStart < authorityEnd && text.charAt(hostStart) == '[') {
      String hostAndPort = text.substring(hostStart, authorityEnd);
      int close = hostAndPort.indexOf(']');
      String after = close < 0 ? "" : hostAndPort.substring(close + 1);
      String host = close < 0 ? hostAndPort.substring(1) : hostAndPort.substring(1, close);
      String port = after.startsWith(":") ? after.substring(1) : null;
      boolean wellFormed = close >= 0 && (after.isEmpty() || port != null) && isIpv6(host);
      String problem = wellFormed ? null : "has an invalid IPv6 address";
      if (problem == null && port != null && !isPort(port)) problem = PORT_PROBLEM;
      return new UrlCheck(scheme, text, 0, 0, host, deepPath, port != null, problem);
    }
    int hostEnd = colon < 0 ? authorityEnd : colon;
    String problem = hostEnd == hostStart ? "has no host" : domainProblem(text, hostStart, hostEnd);
    if (problem == null && colon >= 0 && !isPort(text.substring(colon + 1, authorityEnd))) {
      problem = PORT_PROBLEM;
    }
    return new UrlCheck(scheme, text, hostStart, hostEnd, null, deepPath, colon >= 0, problem);
  }

  private static final String PORT_PROBLEM = "has a port that is not a number from 0 to 65535";

  private static UrlCheck failed(String problem) {
    return new UrlCheck("", "", 0, 0, null, false, false, problem);
  }

  /** The scheme in lower case; the usual ones without making a string. */
  private static String scheme(String text, int end) {
    if (end == 5 && text.regionMatches(true, 0, "https", 0, 5)) return "https";
    if (end == 4 && text.regionMatches(true, 0, "http", 0, 4)) return "http";
    if (end == 2 && text.regionMatches(true, 0, "s3", 0, 2)) return "s3";
    return text.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static boolean isScheme(String text, int end) {
    if (!isAsciiLetter(text.charAt(0))) return false;
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      if (!isAsciiLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
  }

  /** What is wrong with the domain name {@code text[start, end)}, read in place, or null. */
  private static @Nullable String domainProblem(String text, int start, int end) {
    int nameEnd = text.charAt(end - 1) == '.' ? end - 1 : end;
    if (text.codePointCount(start, nameEnd) > MAX_HOST_LENGTH) {
      return "has a host longer than 253 characters";
    }
    int labelStart = start;
    int lastLabelStart;
    while (true) {
      int dot = text.indexOf('.', labelStart);
      if (dot >= nameEnd) dot = -1;
      int labelEnd = dot < 0 ? nameEnd : dot;
      if (labelEnd == labelStart) return "has an empty label in its host";
      if (text.codePointCount(labelStart, labelEnd) > MAX_LABEL_LENGTH) {
        return "has a host label longer than 63 characters";
      }
      // No DNS name has a label that starts or ends with a hyphen (RFC 952, RFC 1123 2.1).
      if (text.charAt(labelStart) == '-' || text.charAt(labelEnd - 1) == '-') {
        return "has a host label that starts or ends with a hyphen";
      }
      for (int i = labelStart; i < labelEnd; i++) {
        char c = text.charAt(i);
        if (c < 0x80 && !isAsciiLetter(c) && !isDigit(c) && c != '-' && c != '_') {
          return "has a character a host name may not contain";
        }
      }
      lastLabelStart = labelStart;
      if (dot < 0) break;
      labelStart = dot + 1;
    }
    // A name whose last label is a number is an IPv4 address, as URL parsers read it.
    return isNumber(text, lastLabelStart, nameEnd)
            && !isIpv4(text.substring(start, nameEnd).split("\\.", -1))
        ? "has an invalid IPv4 address"
        : null;
  }

  /** Four decimal numbers from 0 to 255, without leading zeros. */
  private static boolean isIpv4(String[] labels) {
    if (labels.length != 4) return false;
    for (String label : labels) {
      if (!isNumber(label)
          || label.length() > 3
          || (label.length() > 1 && label.charAt(0) == '0')) {
        return false;
      }
      if (Integer.parseInt(label) > 255) return false;
    }
    return true;
  }

  /**
   * Eight groups of 1 to 4 hex digits separated by colons, one {@code ::} standing for one or more
   * zero groups, and optionally a dotted IPv4 address as the last two groups. No zone id.
   */
  static boolean isIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return false;
    int groups;
    if (gap < 0) {
      groups = groups(text, true);
      return groups == 8;
    }
    int left = groups(text.substring(0, gap), false);
    int right = groups(text.substring(gap + 2), true);
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** The number of 16-bit groups in colon-separated {@code part}, or -1 when malformed. */
  private static int groups(String part, boolean mayEndInIpv4) {
    if (part.isEmpty()) return 0;
    String[] fields = part.split(":", -1);
    int groups = 0;
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i];
      if (mayEndInIpv4 && i == fields.length - 1 && field.indexOf('.') >= 0) {
        if (!isIpv4(field.split("\\.", -1))) return -1;
        groups += 2;
      } else if (field.isEmpty() || field.length() > 4 || !isHex(field)) {
        return -1;
      } else {
        groups++;
      }
    }
    return groups;
  }

  /** Empty (the scheme's default) or decimal digits worth at most 65535. */
  private static boolean isPort(String port) {
    if (!port.isEmpty() && !isNumber(port)) return false;
    int start = 0;
    while (start < port.length() - 1 && port.charAt(start) == '0') start++;
    return port.length() - start <= 5
        && (port.isEmpty() || Integer.parseInt(port.substring(start)) <= 65535);
  }

  private static boolean isNumber(String text, int from, int to) {
    if (from == to) return false;
    for (int i = from; i < to; i++) {
      if (!isDigit(text.charAt(i))) return false;
    }
    return true;
  }

  private static boolean isNumber(String text) {
    if (text.isEmpty()) return false;
    for (int i = 0; i < text.length(); i++) {
      if (!isDigit(text.charAt(i))) return false;
    }
    return true;
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) return false;
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
