package dev.callingest.internal;

import static dev.callingest.internal.HttpTransportTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives every logging and error path at the finest level and looks for the secret everywhere. */
class RedactionTest {
  @StartStop final MockWebServer server = new MockWebServer();

  final Logger logger = Logger.getLogger("dev.callingest");
  final List<String> logLines = new ArrayList<>();
  final Handler capture =
      new Handler() {
        final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          logLines.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  Level previousLevel;

  @BeforeEach
  void captureLogs() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    logger.addHandler(capture);
  }

  @AfterEach
  void restoreLogs() {
    logger.removeHandler(capture);
    logger.setLevel(previousLevel);
  }

  @Test
  void secretAppearsInNoLogLineExceptionOrToString() {
    FakeTime time = new FakeTime();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(server.url("/"))
            .credentials(new HttpTransportTest.TestCredentials())
            .clock(time)
            .sleeper(time)
            .maxRetries(1)
            .build();
    List<Throwable> failures = new ArrayList<>();
    try (HttpTransport transport =
        new HttpTransport(options, HttpTransportTest.TestDecoder.INSTANCE)) {
      server.enqueue(new MockResponse.Builder().code(503).build());
      server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
      transport.execute(
          ApiRequest.get("a"), HttpTransportTest.TestDecoder::text, RequestOptions.NONE);

      for (int code : new int[] {401, 403, 404, 422, 429, 500}) {
        for (int i = 0; i < 2; i++) {
          server.enqueue(
              new MockResponse.Builder().code(code).body("{\"message\":\"no\"}").build());
        }
        failures.add(catchThrowable(() -> post(transport)));
      }
      for (int i = 0; i < 2; i++) {
        server.enqueue(
            new MockResponse.Builder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
      }
      failures.add(catchThrowable(() -> post(transport)));
      server.enqueue(new MockResponse.Builder().code(200).body("{broken").build());
      failures.add(
          catchThrowable(
              () ->
                  transport.execute(
                      ApiRequest.get("b"),
                      raw -> Json.fromBytes(Json.MOSHI.adapter(Object.class), raw.body()),
                      RequestOptions.NONE)));
    }

    assertThat(failures).hasSize(8).doesNotContainNull();
    assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(SECRET));
    assertThat(logLines).anyMatch(line -> line.contains("POST /batches -> 401 (attempt 1"));
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        assertThat(t.toString()).doesNotContain(SECRET);
      }
    }
    assertThat(options.toString()).doesNotContain(SECRET).contains("<redacted>");
  }

  private static String post(HttpTransport transport) {
    return transport.execute(
        ApiRequest.submit("{}".getBytes(StandardCharsets.UTF_8), "batches"),
        HttpTransportTest.TestDecoder::text,
        RequestOptions.NONE);
  }
}
