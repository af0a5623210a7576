package dev.callingest.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, extra headers and a JSON body. */
final class Reply {
  final int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  final byte[] body;

  private Reply(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  static Reply json(int status, Object body) {
    return new Reply(status, Json.write(body));
  }

  static Reply bytes(int status, String contentType, byte[] body) {
    Reply reply = new Reply(status, body);
    reply.headers.put("Content-Type", contentType);
    return reply;
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
