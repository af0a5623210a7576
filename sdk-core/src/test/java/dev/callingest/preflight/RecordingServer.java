package dev.callingest.preflight;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A recording host for tests: serves files by path, answering HEAD with the length, GET with the
 * whole file or, for {@code Range: bytes=0-N}, status 206 and {@code Content-Range}; and a few
 * misbehaving paths. Records every request's method and full target.
 */
public final class RecordingServer extends Dispatcher {
  /** Path to file. */
  public final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** Path to declared length, for files too large to hold (HEAD and ranged GET only). */
  public final Map<String, Long> declaredLengths = new ConcurrentHashMap<>();

  /** Path to status answered to every method. */
  public final Map<String, Integer> statuses = new ConcurrentHashMap<>();

  /** Paths whose host answers HEAD with 405. */
  public final List<String> headRefused = new CopyOnWriteArrayList<>();

  /** Path to redirect target. */
  public final Map<String, String> redirects = new ConcurrentHashMap<>();

  /** "METHOD target" of every request received. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getUrl().encodedPath();
    requests.add(
        method
            + " "
            + request.getUrl().encodedPath()
            + (request.getUrl().encodedQuery() == null
                ? ""
                : "?" + request.getUrl().encodedQuery()));
    if (redirects.containsKey(path)) {
      return new MockResponse.Builder()
          .code(302)
          .setHeader("Location", redirects.get(path))
          .build();
    }
    if (statuses.containsKey(path)) {
      MockResponse.Builder response =
          new MockResponse.Builder()
              .code(statuses.get(path))
              .setHeader("Content-Type", "text/html");
      return method.equals("HEAD")
          ? response.build()
          : response.body("<html><body>no</body></html>").build();
    }
    if (method.equals("HEAD") && headRefused.contains(path)) {
      return new MockResponse.Builder().code(405).setHeader("Allow", "GET").build();
    }
    String type = path.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
    Long declared = declaredLengths.get(path);
    byte[] file = files.get(path);
    if (file == null && declared == null) {
      MockResponse.Builder missing =
          new MockResponse.Builder().code(404).setHeader("Content-Type", "text/plain");
      return method.equals("HEAD") ? missing.build() : missing.body("nope").build();
    }
    long length = declared != null ? declared : file.length;
    byte[] content = file != null ? file : new byte[64];
    if (method.equals("HEAD")) {
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", type)
          .setHeader("Content-Length", length)
          .build();
    }
    String range = request.getHeaders().get("Range");
    if (range != null && range.startsWith("bytes=0-")) {
      int end =
          (int) Math.min(Long.parseLong(range.substring(8)), Math.min(length, content.length) - 1);
      return new MockResponse.Builder()
          .code(206)
          .setHeader("Content-Type", type)
          .setHeader("Content-Range", "bytes 0-" + end + "/" + length)
          .body(new Buffer().write(content, 0, end + 1))
          .build();
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", type)
        .body(new Buffer().write(content))
        .build();
  }
}
