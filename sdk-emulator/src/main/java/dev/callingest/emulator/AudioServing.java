package dev.callingest.emulator;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves an audio file the way file hosts and object stores do: {@code HEAD} answers the length
 * without a body, and a {@code GET} with {@code Range: bytes=FIRST-[LAST]} answers 206 with that
 * slice and {@code Content-Range}, or 416 when the range starts past the end.
 */
final class AudioServing {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

  private AudioServing() {}

  static Reply serve(Request request, byte[] file, String contentType) {
    if (request.method.equals("HEAD")) {
      return Reply.bytes(200, contentType, new byte[0])
          .header("Content-Length", Integer.toString(file.length))
          .header("Accept-Ranges", "bytes");
    }
    String range = request.headers.getFirst("Range");
    Matcher matcher = range == null ? null : RANGE.matcher(range.trim());
    if (matcher == null || !matcher.matches()) {
      return Reply.bytes(200, contentType, file).header("Accept-Ranges", "bytes");
    }
    long first = Long.parseLong(matcher.group(1));
    long last = matcher.group(2).isEmpty() ? file.length - 1L : Long.parseLong(matcher.group(2));
    if (first >= file.length || last < first) {
      return Reply.bytes(416, "text/plain", new byte[0])
          .header("Content-Range", "bytes */" + file.length);
    }
    int end = (int) Math.min(last, file.length - 1L);
    return Reply.bytes(206, contentType, Arrays.copyOfRange(file, (int) first, end + 1))
        .header("Content-Range", "bytes " + first + "-" + end + "/" + file.length)
        .header("Accept-Ranges", "bytes");
  }
}
