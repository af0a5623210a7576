package dev.callingest.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether an Upload API call's audio can be fetched. Loopback http(s) URLs are really
 * fetched and their first bytes checked; other hosts cannot be reached offline and count as
 * reachable, unless the host ends in {@code .invalid}. A signed URL past its expiry is not
 * accessible wherever it points, as an object store would refuse it; a file over 2 GB (2^31 bytes)
 * is refused.
 */
final class AudioFetcher {
  static final String NOT_ACCESSIBLE = "audio_url is not accessible";
  static final String TOO_LARGE = "audio file exceeds the 2 GB limit";
  static final String BAD_FORMAT =
      "audio file format is not supported: expected MP3, WAV, M4A or AAC";

  static final long MAX_BYTES = 1L << 31;

  /** The outcome: an error message, or the recognised format (null when not fetched). */
  record Result(@Nullable String error, @Nullable String format) {}

  private final Emulator emulator;

  AudioFetcher(Emulator emulator) {
    this.emulator = emulator;
  }

  CompletableFuture<Result> fetch(String url) {
    // Validation passed, so the URL is well formed; the JDK's URI may still not read its host.
    ServerRules.Url parsed = ServerRules.url(url);
    String scheme = parsed.scheme();
    String host = parsed.host();
    if (host.endsWith(".invalid")) {
      return CompletableFuture.completedFuture(new Result(NOT_ACCESSIBLE, null));
    }
    Optional<Instant> expiry = SignedUrls.expiry(url);
    if (expiry.isPresent() && !expiry.get().isAfter(emulator.clock.instant())) {
      return CompletableFuture.completedFuture(new Result(NOT_ACCESSIBLE, null));
    }
    if (scheme.equals("s3") || !isLoopback(host)) {
      return CompletableFuture.completedFuture(new Result(null, null));
    }
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    } catch (IllegalArgumentException e) { // a character the JDK's client will not send
      return CompletableFuture.completedFuture(new Result(NOT_ACCESSIBLE, null));
    }
    return emulator
        .httpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(AudioFetcher::check)
        .exceptionally(failure -> new Result(NOT_ACCESSIBLE, null));
  }

  private static Result check(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        return new Result(NOT_ACCESSIBLE, null);
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > MAX_BYTES) {
        return new Result(TOO_LARGE, null);
      }
      byte[] prefix = body.readNBytes(AudioSniffer.PREFIX_BYTES);
      if (prefix.length == 0) {
        return new Result("audio file is empty", null);
      }
      return AudioSniffer.detect(prefix, prefix.length)
          .map(format -> new Result(null, format))
          .orElse(new Result(BAD_FORMAT, null));
    } catch (IOException e) {
      return new Result(NOT_ACCESSIBLE, null);
    }
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }
}
