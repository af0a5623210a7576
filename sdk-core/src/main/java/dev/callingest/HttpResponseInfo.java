package dev.callingest;

import dev.callingest.internal.ModelStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.immutables.value.Value;

/**
 * The HTTP side of an answer that a typed result hides: the status code and the response headers.
 * Every result of both clients ({@link ApiResult}) offers it as {@link ApiResult#httpResponse()},
 * for users who need a header the SDK does not model (a rate-limit counter, a trace id) or want to
 * log the exact status. The body is not kept: the typed result is its reading.
 *
 * <p>Headers that can carry a secret are never kept: {@code Set-Cookie}, {@code Set-Cookie2},
 * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, and every header whose name
 * contains {@code token}, {@code secret}, {@code signature}, {@code api-key} or {@code apikey}.
 * Names are lower case; the values of a repeated header keep their order.
 */
@Value.Immutable
@ModelStyle
public abstract class HttpResponseInfo {
  private static final Set<String> DROPPED =
      Set.of("set-cookie", "set-cookie2", "authorization", "proxy-authorization", "cookie");
  private static final List<String> DROPPED_PARTS =
      List.of("token", "secret", "signature", "api-key", "apikey");

  HttpResponseInfo() {}

  /** {@return the HTTP status code of the answer, such as 200 or 202} */
  public abstract int statusCode();

  /**
   * {@return the response headers by lower-case name, sorted by name, without secret-bearing ones}
   */
  public abstract Map<String, List<String>> headers();

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return the first value, or empty when the answer had no such header (or it was dropped as
   *     secret-bearing)
   */
  public final Optional<String> header(String name) {
    Objects.requireNonNull(name, "name == null");
    List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Creates the view of an answer, dropping the headers that can carry a secret.
   *
   * @param statusCode the HTTP status code, 100 to 599
   * @param headers the headers by name, in any case
   * @return the view
   * @throws IllegalArgumentException if the status code is out of range
   */
  public static HttpResponseInfo of(int statusCode, Map<String, List<String>> headers) {
    if (statusCode < 100 || statusCode > 599) {
      throw new IllegalArgumentException("statusCode must be 100 to 599: " + statusCode);
    }
    Objects.requireNonNull(headers, "headers == null");
    Map<String, List<String>> kept = new TreeMap<>();
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (isSecretBearing(lower)) return;
          kept.computeIfAbsent(lower, key -> new ArrayList<>()).addAll(values);
        });
    ImmutableHttpResponseInfo.Builder builder =
        ImmutableHttpResponseInfo.builder().statusCode(statusCode);
    kept.forEach((name, values) -> builder.putHeaders(name, List.copyOf(values)));
    return builder.build();
  }

  /**
   * Names only the status code and the header names; values may be long and are not needed here.
   */
  @Override
  public String toString() {
    return "HttpResponseInfo{statusCode=" + statusCode() + ", headers=" + headers().keySet() + '}';
  }

  private static boolean isSecretBearing(String lowerName) {
    if (DROPPED.contains(lowerName)) return true;
    for (String part : DROPPED_PARTS) {
      if (lowerName.contains(part)) return true;
    }
    return false;
  }
}
