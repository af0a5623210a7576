package dev.callingest.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@link UrlCheck} of commit e00c2da, kept as the oracle of {@link ValidationParityTest}, with
 * the two rules added since in the same substring style (a host label may not start or end with a
 * hyphen; whether a port separator was written): the rule was rewritten to read ranges in place
 * instead of cutting substrings, and must keep every verdict.
 */
final class ReferenceUrlCheck {
  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private final String scheme;
  private final String host;
  private final boolean hasPathBeyondSlash;
  private final boolean hasPort;
  private final String problem;

  private ReferenceUrlCheck(
      String scheme, String host, boolean hasPathBeyondSlash, boolean hasPort, String problem) {
    this.hasPort = hasPort;
    this.scheme = scheme;
    this.host = host;
    this.hasPathBeyondSlash = hasPathBeyondSlash;
    this.problem = problem;
  }

  /**
   * {@return what is wrong with the URL, such as {@code "has no host"}, or empty when nothing is}
   */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** {@return whether a colon followed the host} */
  public boolean hasPortSeparator() {
    return hasPort;
  }

  /** {@return the scheme in lower case, or {@code ""} when the text has none} */
  public String scheme() {
    return scheme;
  }

  /** {@return the host (IPv6 without brackets), or {@code ""} when the text has none} */
  public String host() {
    return host;
  }

  /** {@return whether the path names something below the root: more than a lone {@code /}} */
  public boolean hasPathBeyondSlash() {
    return hasPathBeyondSlash;
  }

  static ReferenceUrlCheck of(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || FieldRules.isSpace(c)) {
        return failed("", "contains white space or a control character");
      }
    }
    int separator = text.indexOf("://");
    if (separator <= 0 || !isScheme(text, separator)) {
      return failed("", "is not an absolute URL with a scheme and a host");
    }
    String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
    int authorityStart = separator + 3;
    int authorityEnd = indexOfAny(text, "/?#", authorityStart);
    int pathEnd = indexOfAny(text, "?#", authorityEnd);
    boolean deepPath = pathEnd - authorityEnd > 1;
    String authority = text.substring(authorityStart, authorityEnd);
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);

    String host;
    String port = null;
    String problem;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      String after = close < 0 ? "" : hostAndPort.substring(close + 1);
      host = close < 0 ? hostAndPort.substring(1) : hostAndPort.substring(1, close);
      if (after.startsWith(":")) port = after.substring(1);
      boolean wellFormed = close >= 0 && (after.isEmpty() || port != null) && isIpv6(host);
      problem = wellFormed ? null : "has an invalid IPv6 address";
    } else {
      int colon = hostAndPort.indexOf(':');
      host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
      if (colon >= 0) port = hostAndPort.substring(colon + 1);
      problem = host.isEmpty() ? "has no host" : domainProblem(host);
    }
    if (problem == null && port != null && !isPort(port)) {
      problem = "has a port that is not a number from 0 to 65535";
    }
    return new ReferenceUrlCheck(scheme, host, deepPath, port != null, problem);
  }

  private static ReferenceUrlCheck failed(String scheme, String problem) {
    return new ReferenceUrlCheck(scheme, "", false, false, problem);
  }

  private static boolean isScheme(String text, int end) {
    if (!isAsciiLetter(text.charAt(0))) return false;
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      if (!isAsciiLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
  }

  private static String domainProblem(String host) {
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (FieldRules.characters(name) > MAX_HOST_LENGTH)
      return "has a host longer than 253 characters";
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty()) return "has an empty label in its host";
      if (FieldRules.characters(label) > MAX_LABEL_LENGTH) {
        return "has a host label longer than 63 characters";
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        return "has a host label that starts or ends with a hyphen";
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (c < 0x80 && !isAsciiLetter(c) && !isDigit(c) && c != '-' && c != '_') {
          return "has a character a host name may not contain";
        }
      }
    }
    // A name whose last label is a number is an IPv4 address, as URL parsers read it.
    return isNumber(labels[labels.length - 1]) && !isIpv4(labels)
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

  private static int indexOfAny(String text, String characters, int from) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) return i;
    }
    return text.length();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
