package dev.callingest.callback;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An incoming HTTP request as the receiver needs it: method, URI, headers and the raw body. Build
 * one from whatever your server gives you (a servlet request, the JDK's {@code HttpExchange}, a
 * Lambda event). Header names are case-insensitive.
 *
 * <p>The body is either bytes you already hold or a stream with its declared {@code
 * Content-Length}: the receiver then refuses an oversized body before reading it, and never reads
 * past its size limit. The receiver does not close the stream.
 */
public final class CallbackRequest {
  private final String method;
  private final @Nullable String uri;
  private final Map<String, List<String>> headers;
  private final byte @Nullable [] body;
  private final @Nullable InputStream bodyStream;
  private final long declaredLength;

  private CallbackRequest(Builder builder) {
    this.method = Objects.requireNonNull(builder.method, "method == null"); // checked by build()
    this.uri = builder.uri;
    this.headers = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> headers.put(name, List.copyOf(values)));
    this.body = builder.body;
    this.bodyStream = builder.bodyStream;
    this.declaredLength = builder.declaredLength;
  }

  /**
   * The HTTP method, such as {@code POST}.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * The request URI as received, with its query (path and query, or an absolute URL).
   *
   * @return the URI, absent when none was given
   */
  public Optional<String> uri() {
    return Optional.ofNullable(uri);
  }

  /**
   * The first value of a header.
   *
   * @param name the header's name, in any case
   * @return the value, absent when the header was not sent
   */
  public Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Every value of a header, in the order received.
   *
   * @param name the header's name, in any case
   * @return the values, empty when the header was not sent
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The raw query, without '?', or null. */
  @Nullable String rawQuery() {
    if (uri == null) return null;
    int question = uri.indexOf('?');
    if (question < 0) return null;
    int hash = uri.indexOf('#', question);
    return hash < 0 ? uri.substring(question + 1) : uri.substring(question + 1, hash);
  }

  /** The body as bytes, or null when it was given as a stream. */
  byte @Nullable [] bodyBytes() {
    return body;
  }

  /** The body stream; only when {@link #bodyBytes()} is null (build() requires one of the two). */
  InputStream bodyStream() {
    return Objects.requireNonNull(bodyStream, "the body was given as bytes");
  }

  long declaredLength() {
    return declaredLength;
  }

  /**
   * Shows the method, the URI by the SDK's one redaction rule (no path, query or user info, any of
   * which may hold a token) and the header names.
   */
  @Override
  public String toString() {
    String shown = uri == null ? "" : " " + redacted(uri);
    return "CallbackRequest{" + method + shown + ", headers=" + headers.keySet() + "}";
  }

  /**
   * The same rule as the client SDK's URL redaction (this module does not depend on the client):
   * scheme, host and port only; a path shows as {@code /***} and a query as {@code ?***}.
   */
  private static String redacted(String target) {
    URI uri;
    try {
      uri = new URI(target.strip());
    } catch (java.net.URISyntaxException e) {
      return "<not a valid URI>";
    }
    StringBuilder text = new StringBuilder();
    if (uri.getScheme() != null && uri.getHost() != null) {
      text.append(uri.getScheme().toLowerCase(Locale.ROOT)).append("://").append(uri.getHost());
      if (uri.getPort() >= 0) text.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty()) text.append("/***");
    if (uri.getRawQuery() != null) text.append("?***");
    return text.toString();
  }

  /**
   * Starts a builder; the method and a body are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CallbackRequest}. */
  public static final class Builder {
    private @Nullable String method;
    private @Nullable String uri;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte @Nullable [] body;
    private @Nullable InputStream bodyStream;
    private long declaredLength = -1;

    Builder() {}

    /**
     * Sets the HTTP method.
     *
     * @param method such as {@code POST}
     * @return this builder
     */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /**
     * Sets the request URI exactly as received, query included and still percent-encoded: a path
     * with its query ({@code /callbacks?cb_call_id=...}) or an absolute URL. Required by {@link
     * CallbackUrlVerifier}.
     *
     * @param uri the raw URI
     * @return this builder
     */
    public Builder uri(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri == null");
      return this;
    }

    /**
     * Sets the request URI.
     *
     * @param uri the URI, query included
     * @return this builder
     */
    public Builder uri(URI uri) {
      return uri(Objects.requireNonNull(uri, "uri == null").toString());
    }

    /**
     * Adds one header value; call it again for repeated headers.
     *
     * @param name the header's name, in any case
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds every header of a map such as the JDK's {@code com.sun.net.httpserver.Headers}.
     *
     * @param headers header names to their values
     * @return this builder
     */
    public Builder headers(Map<String, ? extends List<String>> headers) {
      Objects.requireNonNull(headers, "headers == null");
      headers.forEach(
          (name, values) -> {
            if (name != null && values != null) values.forEach(value -> header(name, value));
          });
      return this;
    }

    /**
     * Sets the raw body from bytes already read.
     *
     * @param body the exact bytes received
     * @return this builder
     */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body == null").clone();
      this.bodyStream = null;
      return this;
    }

    /**
     * Sets the raw body as a stream that the receiver reads only up to its size limit.
     *
     * @param body the request's body stream; not closed by the receiver
     * @param declaredLength the {@code Content-Length}, or {@code -1} when unknown
     * @return this builder
     */
    public Builder body(InputStream body, long declaredLength) {
      this.bodyStream = Objects.requireNonNull(body, "body == null");
      this.declaredLength = declaredLength < 0 ? -1 : declaredLength;
      this.body = null;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException when the method or the body is missing
     */
    public CallbackRequest build() {
      if (method == null) throw new IllegalStateException("method is required");
      if (body == null && bodyStream == null) throw new IllegalStateException("body is required");
      return new CallbackRequest(this);
    }
  }
}
