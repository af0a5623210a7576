package dev.callingest.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for a URL that reaches text: a {@code toString()}, a violation, an exception
 * message, an outcome reason, the import journal or a log line. Only the scheme, the host and the
 * port are kept. User info is dropped; a path becomes {@code /***} and a query {@code ?***}; a
 * fragment is dropped. A capability URL may carry its token in the query (as the SDK's own callback
 * URLs do) or in the path (as many webhook services do), and a presigned URL carries its signature
 * in the query, so neither part is ever shown, not even in part.
 *
 * <pre>
 * https://user:pw@hooks.example.com:8443/T1/B2/secret?cb_token=x
 *   becomes https://hooks.example.com:8443/***?***
 * </pre>
 *
 * <p>A request target such as {@code /callbacks/token?x=1} (what a server sees) keeps only {@code
 * /***?***}. Other text that is not an absolute URL is shown as {@code <not an absolute URL>}: a
 * relative reference could be nothing but a token.
 */
public final class UrlRedaction {
  /** What a hidden path or query is replaced with. */
  static final String HIDDEN = "***";

  static final String NOT_ABSOLUTE = "<not an absolute URL>";

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}");

  /** A URL in free text: a scheme, "://", then everything up to whitespace or a quote. */
  private static final Pattern URL_IN_TEXT =
      Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\\s'\"<>`]*");

  private UrlRedaction() {}

  /**
   * A URL as it may appear in text.
   *
   * @param url any text meant as a URL
   * @return {@code scheme://host[:port]}, then {@code /***} when there was a path and {@code ?***}
   *     when there was a query
   */
  public static String redact(String url) {
    Objects.requireNonNull(url, "url == null");
    String text = url.strip();
    if (text.startsWith("/") && !text.startsWith("//"))
      return pathAndQuery(text, 0, new StringBuilder());
    int colon = text.indexOf(':');
    if (colon < 1 || !SCHEME.matcher(text.substring(0, colon)).matches()) return NOT_ABSOLUTE;
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = text.substring(colon + 1);
    if (!rest.startsWith("//")) return scheme + ":" + (rest.isEmpty() ? "" : HIDDEN);

    int authorityEnd = indexOfAny(rest, 2, "/?#\\");
    String authority = rest.substring(2, authorityEnd);
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    StringBuilder result = new StringBuilder(scheme).append("://").append(printable(hostAndPort));
    return pathAndQuery(rest, authorityEnd, result);
  }

  /** Appends {@code /***} for a path longer than "/", and {@code ?***} for a query. */
  private static String pathAndQuery(String rest, int authorityEnd, StringBuilder result) {
    int queryStart = rest.indexOf('?', authorityEnd);
    int fragmentStart = rest.indexOf('#', authorityEnd);
    int pathEnd = queryStart >= 0 ? queryStart : fragmentStart >= 0 ? fragmentStart : rest.length();
    if (fragmentStart >= 0 && fragmentStart < pathEnd) pathEnd = fragmentStart;
    String path = rest.substring(authorityEnd, pathEnd);
    if (path.length() > 1) result.append('/').append(HIDDEN);
    else result.append(path);
    boolean hasQuery = queryStart >= 0 && (fragmentStart < 0 || queryStart < fragmentStart);
    if (hasQuery) result.append('?').append(HIDDEN);
    return result.toString();
  }

  /**
   * A URL as it may appear in text; see {@link #redact(String)}.
   *
   * @param url the URL
   * @return the redacted form
   */
  public static String redact(URI url) {
    return redact(Objects.requireNonNull(url, "url == null").toString());
  }

  /**
   * Free text, such as a server's error message, with every absolute URL in it redacted.
   *
   * @param text the text
   * @return the text with each {@code scheme://...} run replaced by its {@link #redact(String)}
   *     form
   */
  public static String redactUrls(String text) {
    return Objects.requireNonNull(redactUrlsIn(text));
  }

  /**
   * As {@link #redactUrls(String)}, passing null through.
   *
   * @param text the text, or null
   * @return the text with every URL redacted, or null
   */
  public static @Nullable String redactUrlsIn(@Nullable String text) {
    if (text == null || text.indexOf("://") < 0) return text;
    Matcher matcher = URL_IN_TEXT.matcher(text);
    StringBuilder result = new StringBuilder(text.length());
    while (matcher.find()) {
      matcher.appendReplacement(result, Matcher.quoteReplacement(redact(matcher.group())));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static int indexOfAny(String text, int from, String chars) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) return i;
    }
    return text.length();
  }

  /**
   * A host name is not secret, but keep control characters and runaway lengths out of log lines.
   * The replacement is not a URL delimiter, so redacting the result again changes nothing.
   */
  private static String printable(String hostAndPort) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < hostAndPort.length() && result.length() < 255; i++) {
      char c = hostAndPort.charAt(i);
      result.append(c < 0x20 || c == 0x7f || Character.isWhitespace(c) ? '_' : c);
    }
    return result.toString();
  }
}
