package dev.callingest;

import java.util.Objects;

/**
 * One HTTP attempt as seen by a {@link ClientEventListener}: the method, the path (no host, no query)
 * and the attempt number, starting at 1. It carries no header and no body.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the URL path, such as {@code /v1/calls/batch-upload}
 * @param attempt the attempt number, starting at 1
 */
public record RequestEvent(String method, String path, int attempt) {
  /**
   * Checks the components.
   *
   * @param method the HTTP method
   * @param path the URL path
   * @param attempt the attempt number, at least 1
   */
  public RequestEvent {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    if (attempt < 1) throw new IllegalArgumentException("attempt < 1: " + attempt);
  }
}
