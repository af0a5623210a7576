package dev.callingest.emulator;

import com.sun.net.httpserver.Headers;
import java.util.Locale;

/** One request as the emulator's handlers see it: the body is already read whole. */
final class Request {
  final String method;
  final String path;
  final Headers headers;
  final byte[] body;

  Request(String method, String path, Headers headers, byte[] body) {
    this.method = method;
    this.path = path;
    this.headers = headers;
    this.body = body;
  }

  /** The first value of a header, or null. Header names are case-insensitive. */
  String header(String name) {
    return headers.getFirst(name);
  }

  boolean isJson() {
    String type = header("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }
}
