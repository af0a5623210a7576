package dev.callingest.preflight;

import dev.callingest.internal.NoDelaySocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Checks that an API will be able to fetch a call's recording, before the call is sent and costs a
 * slot of the API's hourly budget. For an {@code http} or {@code https} URL it checks, without any
 * credentials:
 *
 * <ul>
 *   <li>that the URL answers: a {@code HEAD}, then a {@code GET} of the first 64 bytes with a
 *       {@code Range} header (which also stands in where {@code HEAD} is refused); redirects are
 *       followed up to {@link PreflightOptions#maxRedirects()};
 *   <li>the size from {@code Content-Range} or {@code Content-Length}: over {@link #MAX_BYTES}
 *       fails for the Upload API, over {@link #RECOMMENDED_BYTES} warns;
 *   <li>the format from the first bytes (the content type is a hint only), so that an HTML error
 *       page served with status 200 fails;
 *   <li>for a presigned URL, its expiry read from its own query (AWS signature v4 {@code
 *       X-Amz-Date} plus {@code X-Amz-Expires}, v2 {@code Expires}), against the time the call will
 *       be sent plus {@link PreflightOptions#processingAllowance()}.
 * </ul>
 *
 * An {@code s3://} URL is {@link PreflightResult.Status#NOT_CHECKED}: only the API's own
 * credentials can read it. No reason or warning contains the URL's query. The check sees what this
 * process can reach, which may differ from what the API's servers reach.
 *
 * <p>Requests go through an {@link OkHttpClient}: with {@link #forUploadApi(PreflightOptions,
 * OkHttpClient)} one derived from yours (and the API clients use theirs), so that your proxy, TLS
 * settings, interceptors and connection pool apply; with {@link #forUploadApi(PreflightOptions)}
 * one of its own. Either way redirects are followed by the preflight itself (never with
 * credentials) and the options' timeout applies. {@link #close()} cancels the checks under way and
 * releases what the preflight created.
 *
 * <p>Thread-safe; share one instance. Obtain one from {@code UploadClient.preflight(call)}, {@code
 * PartnerClient.preflight(item)}, or {@link #forUploadApi}/{@link #forPartnerApi}.
 */
public final class RecordingPreflight implements AutoCloseable {
  /** The Upload API's largest recording: 2 GB, taken as 2 GiB (2,147,483,648 bytes). */
  public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

  /** The Upload API's recommended largest recording: 200 MB, taken as 200 MiB. */
  public static final long RECOMMENDED_BYTES = 200L * 1024 * 1024;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+\\d+-\\d+/(\\d+|\\*)");

  private final PreflightOptions options;
  private final Set<RecordingFormat> formats;
  private final long maxBytes;
  private final String apiName;
  private final OkHttpClient http;

  /** Whether {@link #http} has a pool and dispatcher of its own, released by {@link #close()}. */
  private final boolean ownsHttp;

  /** The HTTP calls under way, cancelled by {@link #close()}. */
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  private RecordingPreflight(
      PreflightOptions options,
      Set<RecordingFormat> formats,
      long maxBytes,
      String apiName,
      @Nullable OkHttpClient base) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.formats = Set.copyOf(formats);
    this.maxBytes = maxBytes;
    this.apiName = apiName;
    this.ownsHttp = base == null;
    OkHttpClient.Builder builder = base == null ? new OkHttpClient.Builder() : base.newBuilder();
    javax.net.SocketFactory sockets =
        base == null ? javax.net.SocketFactory.getDefault() : base.socketFactory();
    if (!(sockets instanceof NoDelaySocketFactory))
      builder.socketFactory(new NoDelaySocketFactory(sockets));
    this.http =
        builder
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(options.timeout())
            .readTimeout(options.timeout())
            .writeTimeout(options.timeout())
            .callTimeout(options.timeout())
            .build();
  }

  /**
   * {@return a preflight with the Upload API's rules: MP3, WAV, M4A or AAC, at most 2 GB} It has an
   * HTTP client of its own; {@link #close()} releases it.
   *
   * @param options the settings
   */
  public static RecordingPreflight forUploadApi(PreflightOptions options) {
    return new RecordingPreflight(
        options, RecordingFormat.uploadApi(), MAX_BYTES, "the Upload API", null);
  }

  /**
   * {@return a preflight with the Upload API's rules that sends its requests through a client
   * derived from {@code httpClient}} The derived client ({@code newBuilder()}) shares its
   * connection pool, dispatcher, proxy, TLS settings and interceptors, with the options' timeouts
   * and no redirects followed by OkHttp; {@link #close()} leaves {@code httpClient}'s pool and
   * threads open.
   *
   * @param options the settings
   * @param httpClient the client to derive from, such as the one given to {@code ClientOptions}
   */
  public static RecordingPreflight forUploadApi(PreflightOptions options, OkHttpClient httpClient) {
    Objects.requireNonNull(httpClient, "httpClient == null");
    return new RecordingPreflight(
        options, RecordingFormat.uploadApi(), MAX_BYTES, "the Upload API", httpClient);
  }

  /**
   * {@return a preflight with the Partner API's rules: MP3, WAV, M4A, MP4 or AAC; its document sets
   * no size limit, so a file over 2 GB only warns} It has an HTTP client of its own; {@link
   * #close()} releases it.
   *
   * @param options the settings
   */
  public static RecordingPreflight forPartnerApi(PreflightOptions options) {
    return new RecordingPreflight(
        options, RecordingFormat.partnerApi(), Long.MAX_VALUE, "the Partner API", null);
  }

  /**
   * {@return a preflight with the Partner API's rules that sends its requests through a client
   * derived from {@code httpClient}} See {@link #forUploadApi(PreflightOptions, OkHttpClient)}.
   *
   * @param options the settings
   * @param httpClient the client to derive from
   */
  public static RecordingPreflight forPartnerApi(
      PreflightOptions options, OkHttpClient httpClient) {
    Objects.requireNonNull(httpClient, "httpClient == null");
    return new RecordingPreflight(
        options, RecordingFormat.partnerApi(), Long.MAX_VALUE, "the Partner API", httpClient);
  }

  /**
   * Cancels the checks under way ({@code Call.cancel()} on their HTTP calls; they end {@link
   * PreflightResult.Status#NOT_CHECKED}), makes every later check {@code NOT_CHECKED}, and releases
   * the connection pool and threads of an HTTP client the preflight made itself. Calling it again
   * does nothing.
   */
  @Override
  public void close() {
    closed = true;
    for (Call call : calls) call.cancel();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** {@return the settings} */
  public PreflightOptions options() {
    return options;
  }

  /**
   * Checks a recording for a call sent now.
   *
   * @param url the recording URL as it will be sent
   * @return the verdict
   */
  public PreflightResult check(String url) {
    return check(url, options.clock().instant());
  }

  /**
   * Checks a recording for a call that will be sent at {@code sendAt}: a presigned URL must still
   * be valid {@link PreflightOptions#processingAllowance()} after that. Blocks for at most a few
   * times {@link PreflightOptions#timeout()}.
   *
   * @param url the recording URL as it will be sent
   * @param sendAt when the call is expected to be sent
   * @return the verdict
   */
  public PreflightResult check(String url, Instant sendAt) {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(sendAt, "sendAt == null");
    if (closed) return closedResult();
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return PreflightResult.notChecked("the recording URL is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("s3")) {
      return PreflightResult.notChecked(
          "an s3:// recording is read with the API's own credentials; the preflight cannot check it");
    }
    HttpUrl httpUrl = HttpUrl.parse(url.trim());
    if (!(scheme.equals("http") || scheme.equals("https")) || httpUrl == null) {
      return PreflightResult.notChecked("the recording URL is not an http, https or s3 URL");
    }
    Instant expiresAt = PresignedExpiry.of(uri).orElse(null);
    if (expiresAt != null) {
      Optional<String> expiry = expiryProblem(expiresAt, sendAt);
      if (expiry.isPresent()) return PreflightResult.failed(expiry.get(), expiresAt);
    }
    PreflightResult result = probe(httpUrl, expiresAt);
    return closed ? closedResult() : result; // a cut-off check says nothing of the recording
  }

  private static PreflightResult closedResult() {
    return PreflightResult.notChecked("the preflight was closed before the recording was checked");
  }

  /**
   * Why a presigned URL expiring at {@code expiresAt} cannot serve a call sent at {@code sendAt},
   * or empty when it can: it must outlive the send time plus the processing allowance.
   *
   * @param expiresAt when the URL stops working
   * @param sendAt when the call is expected to be sent
   * @return the reason, without any part of the URL
   */
  public Optional<String> expiryProblem(Instant expiresAt, Instant sendAt) {
    Instant now = options.clock().instant();
    if (!expiresAt.isAfter(now)) {
      return Optional.of("the presigned recording URL expired at " + expiresAt);
    }
    Instant needed = sendAt.plus(options.processingAllowance());
    if (expiresAt.isBefore(needed)) {
      return Optional.of(
          "the presigned recording URL expires at "
              + expiresAt
              + ", before the call is sent (estimated "
              + sendAt
              + ") and processed (allowing "
              + minutes(options.processingAllowance())
              + ")");
    }
    return Optional.empty();
  }

  private PreflightResult probe(HttpUrl url, @Nullable Instant expiresAt) {
    Hop head = follow("HEAD", url);
    // A conclusive hop, and a hop without a response, always say why.
    if (head.conclusive)
      return PreflightResult.failed(Objects.requireNonNull(head.failure), expiresAt);
    OptionalLong size = OptionalLong.empty();
    if (head.response != null) {
      try (Response response = head.response) {
        if (response.isSuccessful()) size = contentLength(response);
      }
    }
    // A ranged GET brings the first bytes, and decides where HEAD was refused (405, or 403 from a
    // URL presigned for GET only).
    Hop get = follow("GET", url);
    if (get.response == null)
      return PreflightResult.failed(Objects.requireNonNull(get.failure), expiresAt);
    byte[] prefix;
    String contentType;
    try (Response response = get.response) {
      int code = response.code();
      if (code == 416)
        return PreflightResult.failed(
            "the recording is empty (HTTP 416 to a range of its first bytes)", expiresAt);
      if (code != 200 && code != 206)
        return PreflightResult.failed(statusReason(code, get.redirects), expiresAt);
      if (code == 206) {
        Matcher range = CONTENT_RANGE.matcher(header(response, "Content-Range"));
        if (range.matches() && !range.group(1).equals("*")) size = parse(range.group(1));
      } else if (size.isEmpty()) {
        size = contentLength(response);
      }
      contentType = response.header("Content-Type");
      try (InputStream body = response.body().byteStream()) {
        prefix = body.readNBytes(FormatSniffer.PREFIX_BYTES);
      } catch (IOException e) {
        return PreflightResult.failed(
            "reading the recording's first bytes failed: " + describe(e), expiresAt);
      }
    }
    List<String> warnings = new ArrayList<>();
    if (size.isPresent()) {
      long bytes = size.getAsLong();
      if (bytes == 0) return PreflightResult.failed("the recording is empty (0 bytes)", expiresAt);
      if (bytes > maxBytes) {
        return PreflightResult.failed(
            "the recording is "
                + bytes
                + " bytes, more than the "
                + MAX_BYTES
                + "-byte (2 GB) limit of "
                + apiName,
            expiresAt);
      }
      if (bytes > MAX_BYTES) {
        warnings.add(
            "the recording is "
                + bytes
                + " bytes, more than 2 GB; "
                + apiName
                + " documents no limit, the Upload API's is 2 GB");
      } else if (bytes > RECOMMENDED_BYTES) {
        warnings.add("the recording is " + bytes + " bytes, more than the recommended 200 MB");
      }
    }
    if (prefix.length == 0)
      return PreflightResult.failed("the recording is empty (0 bytes)", expiresAt);
    Optional<RecordingFormat> format = FormatSniffer.detect(prefix);
    if (format.isEmpty()) {
      return PreflightResult.failed(
          "the recording URL serves "
              + FormatSniffer.describeOther(prefix, contentType)
              + ", not MP3, WAV, M4A or AAC audio"
              + hint(contentType),
          expiresAt);
    }
    RecordingFormat found = format.get();
    if (!formats.contains(found)) {
      if (found == RecordingFormat.MP4 && formats.contains(RecordingFormat.M4A)) {
        warnings.add(
            "the recording is an MPEG-4 file without the M4A brand; " + apiName + " documents M4A");
      } else {
        return PreflightResult.failed(
            "the recording is "
                + found
                + ", which "
                + apiName
                + " does not accept (it accepts "
                + formats
                + ")",
            expiresAt);
      }
    }
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/")) {
      warnings.add(
          "the recording is " + found + " audio but is served as " + mediaType(contentType));
    }
    return PreflightResult.passed(found, size, expiresAt, warnings);
  }

  /** The response after following redirects, or why there is none. */
  private static final class Hop {
    @Nullable Response response;
    @Nullable String failure;

    /** True when no other request to the host could do better: unreachable, or redirects broken. */
    boolean conclusive;

    int redirects;
  }

  private Hop follow(String method, HttpUrl start) {
    Hop hop = new Hop();
    HttpUrl url = start;
    while (true) {
      Request.Builder request =
          new Request.Builder()
              .url(url)
              .header("User-Agent", "callingest-preflight")
              .header(
                  "Accept-Encoding", "identity"); // sizes are of the file, not of a compressed copy
      if (method.equals("HEAD")) {
        request.head();
      } else {
        request.get().header("Range", "bytes=0-" + (FormatSniffer.PREFIX_BYTES - 1));
      }
      Response response;
      Call call = http.newCall(request.build());
      calls.add(call);
      try {
        if (closed) call.cancel();
        response = call.execute();
      } catch (IOException e) {
        hop.failure =
            "the recording's host "
                + url.host()
                + " could not be reached"
                + (hop.redirects > 0 ? " after " + hop.redirects + " redirect(s)" : "")
                + ": "
                + describe(e);
        hop.conclusive =
            e instanceof UnknownHostException
                || e instanceof ConnectException
                || e instanceof java.io.InterruptedIOException
                || closed;
        return hop;
      } finally {
        calls.remove(call);
      }
      if (!response.isRedirect()) {
        hop.response = response;
        return hop;
      }
      String location = response.header("Location");
      response.close();
      HttpUrl next = location == null ? null : url.resolve(location);
      if (next == null) {
        hop.failure =
            "the recording URL redirects (HTTP "
                + response.code()
                + ") to a location that is not an http or https URL";
        hop.conclusive = true;
        return hop;
      }
      if (++hop.redirects > options.maxRedirects()) {
        hop.failure = "the recording URL redirects more than " + options.maxRedirects() + " times";
        hop.conclusive = true;
        return hop;
      }
      url = next;
    }
  }

  private static String statusReason(int code, int redirects) {
    String after = redirects > 0 ? " after " + redirects + " redirect(s)" : "";
    String meaning =
        switch (code) {
          case 401, 403 -> " (not public, or its signature is wrong or expired)";
          case 404, 410 -> " (no such file)";
          case 429 -> " (the host is rate limiting)";
          default -> code >= 500 ? " (the host failed)" : "";
        };
    return "the recording URL answered HTTP " + code + after + meaning;
  }

  private static String describe(IOException e) {
    if (e instanceof UnknownHostException) return "the host name does not resolve";
    if (e instanceof ConnectException) return "the connection was refused";
    if (e instanceof SSLException) return "TLS failed";
    if (e instanceof java.io.InterruptedIOException) return "no answer in time";
    return e.getClass().getSimpleName();
  }

  private static OptionalLong contentLength(Response response) {
    return parse(header(response, "Content-Length"));
  }

  private static OptionalLong parse(String digits) {
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(digits));
  }

  private static String header(Response response, String name) {
    String value = response.header(name);
    return value == null ? "" : value.trim();
  }

  private static String hint(String contentType) {
    return contentType == null ? "" : " (content type " + mediaType(contentType) + ")";
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }

  private static String minutes(Duration duration) {
    return duration.toMinutes() + " min";
  }

  @Override
  public String toString() {
    return "RecordingPreflight{" + apiName + ", " + options + '}';
  }
}
