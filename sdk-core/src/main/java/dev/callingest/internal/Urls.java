package dev.callingest.internal;

import java.util.Locale;

/** URL checks shared by the options and the API validators. */
public final class Urls {
  private Urls() {}

  /**
   * Whether {@code host} names this machine: {@code localhost}, an IPv4 address in 127.0.0.0/8, or
   * {@code ::1}. It does not resolve names, so it never touches the network.
   */
  public static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.equals("localhost") || h.endsWith(".localhost")) return true;
    if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }

  /**
   * A URL as it may appear in a message: the one rule of {@link UrlRedaction#redact(String)}
   * (scheme, host and port only), under the name the validators already call.
   */
  public static String withoutQuery(String url) {
    return UrlRedaction.redact(url);
  }
}
