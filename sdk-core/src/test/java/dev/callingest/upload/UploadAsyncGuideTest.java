package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The async code of docs/upload-api.md, run against a local server. */
class UploadAsyncGuideTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final List<String> log = new CopyOnWriteArrayList<>();

  // --- guide code: docs/upload-api.md, async ---
  CompletableFuture<Void> submitAndLook(UploadClient client, UploadBatch batch) {
    CompletableFuture<BatchStatus> firstLook =
        client.submitAsync(batch).thenCompose(receipt -> client.statusAsync(receipt.batchId()));
    return firstLook.thenAccept(status -> log.add(status.batchId() + " is " + status.rawStatus()));
  }

  // --- end of guide code ---

  @Test
  void theAsyncSampleSubmitsAndReadsTheStatus() throws Exception {
    server.enqueue(Fixtures.json(200, Fixtures.RECEIPT));
    server.enqueue(Fixtures.json(200, Fixtures.STATUS));
    try (UploadClient client =
        UploadClient.create(
            ClientOptions.builder()
                .baseUrl(server.url("/"))
                .credentials(UploadCredentials.of(Fixtures.API_KEY))
                .build())) {
      submitAndLook(client, Fixtures.documentBatch()).get(30, TimeUnit.SECONDS);
    }

    assertThat(log).containsExactly("batch_abc123 is processing");
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v1/calls/batch-upload/batch_abc123");
  }
}
