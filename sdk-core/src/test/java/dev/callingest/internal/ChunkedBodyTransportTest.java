package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.RequestOptions;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * A body that {@link JsonBytesWriter} spread over many chunks goes over a real socket whole, with
 * its exact {@code Content-Length}, and again byte for byte on a retry.
 */
class ChunkedBodyTransportTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void sendsEveryChunkInOrderOnEveryAttempt() throws Exception {
    JsonBytesWriter body = new JsonBytesWriter(1); // far too small: many chunks
    body.beginArray();
    for (int i = 0; i < 5_000; i++) body.value("call " + i + " é\u2028\ud83d\ude00\n").value(i);
    body.endArray();
    byte[] expected = body.toByteArray();
    assertThat(expected.length).isGreaterThan(100_000);
    server.enqueue(new MockResponse.Builder().code(503).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).body("done").build());
    FakeTime time = new FakeTime();
    ClientOptions options =
        ClientOptions.builder()
            .baseUrl(server.url("/api/v1/"))
            .credentials(new HttpTransportTest.TestCredentials())
            .clock(time)
            .sleeper(time)
            .build();

    try (HttpTransport transport =
        new HttpTransport(options, HttpTransportTest.TestDecoder.INSTANCE, () -> 1.0)) {
      String answer =
          transport.execute(
              ApiRequest.submit(body, "batches"),
              HttpTransportTest.TestDecoder::text,
              RequestOptions.NONE);
      assertThat(answer).isEqualTo("done");
    }

    for (int attempt = 1; attempt <= 2; attempt++) {
      RecordedRequest request = server.takeRequest();
      assertThat(request.getHeaders().get("Content-Length"))
          .isEqualTo(Integer.toString(expected.length));
      assertThat(request.getBody().toByteArray()).as("attempt %d", attempt).isEqualTo(expected);
    }
  }
}
