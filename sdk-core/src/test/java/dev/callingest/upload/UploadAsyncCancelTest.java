package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CancelledException;
import dev.callingest.ClientEventListener;
import dev.callingest.ClientOptions;
import dev.callingest.RequestOptions;
import dev.callingest.internal.CancelSignal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Upload client's async submissions on real time against MockWebServer: a submission waiting
 * for an in-flight slot can be cancelled without sending anything, and a status poll that sees a
 * batch finished lets the next waiting submission go at once (the pacing wait is ten minutes long:
 * only the poll's change can end it within the test).
 */
@Timeout(60)
class UploadAsyncCancelTest {
  @StartStop final MockWebServer server = new MockWebServer();
  UploadClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  @Test
  void aCancelledWaitSendsNothingAndAFinishedPollLetsTheNextSubmissionGo() throws Exception {
    client =
        UploadClient.builder()
            .options(
                ClientOptions.builder()
                    .baseUrl(server.url("/"))
                    .credentials(UploadCredentials.of(Fixtures.API_KEY))
                    .build())
            .pacing(
                UploadPacing.builder()
                    .maxBatchesInFlight(1)
                    .maxWait(Duration.ofMinutes(10))
                    .build())
            .build();
    server.enqueue(
        Fixtures.json(
            200,
            "{\"success\":true,\"batch_id\":\"batch_1\",\"calls_submitted\":1,\"status\":\"processing\"}"));
    server.enqueue(Fixtures.json(200, Fixtures.status("batch_1", "completed", 1, 1, 0, "")));
    server.enqueue(
        Fixtures.json(
            200,
            "{\"success\":true,\"batch_id\":\"batch_2\",\"calls_submitted\":1,\"status\":\"processing\"}"));

    assertThat(client.submitAsync(Fixtures.batch(1)).get(30, TimeUnit.SECONDS).batchId())
        .isEqualTo("batch_1");
    CompletableFuture<SubmissionReceipt> cancelled = client.submitAsync(Fixtures.batch(1));
    assertThat(cancelled.cancel(true)).isTrue();
    CompletableFuture<SubmissionReceipt> next = client.submitAsync(Fixtures.batch(1));
    assertThat(cancelled).isCancelled();
    assertThat(next).isNotDone();
    assertThat(client.pacer().inFlightCount()).isEqualTo(1);

    assertThat(client.statusAsync("batch_1").get(30, TimeUnit.SECONDS).rawStatus())
        .isEqualTo("completed");

    assertThat(next.get(30, TimeUnit.SECONDS).batchId()).isEqualTo("batch_2");
    RecordedRequest first = server.takeRequest();
    RecordedRequest poll = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(poll.getMethod()).isEqualTo("GET");
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(server.getRequestCount()).isEqualTo(3); // the cancelled submission never went
  }

  @Test
  void aRaisedSignalEndsASyncPacingWaitWithCancelledException() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    client =
        UploadClient.builder()
            .options(
                ClientOptions.builder()
                    .baseUrl(server.url("/"))
                    .credentials(UploadCredentials.of(Fixtures.API_KEY))
                    .eventListener(
                        new ClientEventListener() {
                          @Override
                          public void rateLimitWait(String limit, Duration wait) {
                            waiting.countDown();
                          }
                        })
                    .build())
            .pacing(
                UploadPacing.builder()
                    .maxBatchesInFlight(1)
                    .maxWait(Duration.ofMinutes(10))
                    .build())
            .build();
    server.enqueue(
        Fixtures.json(
            200,
            "{\"success\":true,\"batch_id\":\"batch_1\",\"calls_submitted\":1,\"status\":\"processing\"}"));
    client.submit(Fixtures.batch(1));
    CancelSignal cancel = CancelSignal.create();
    CompletableFuture<SubmissionReceipt> importer =
        CompletableFuture.supplyAsync(
            () -> client.submitValidated(Fixtures.batch(1), RequestOptions.NONE, cancel),
            runnable -> new Thread(runnable, "importer-worker").start());
    assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();

    cancel.cancel(); // the wait is ten minutes long: only the signal can end it here

    ExecutionException e =
        catchThrowableOfType(ExecutionException.class, () -> importer.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            CancelledException.class,
            c -> {
              assertThat(c).hasMessage("cancelled while pacing an upload batch; nothing was sent");
              assertThat(c.attempts()).isZero();
              assertThat(c.possiblyProcessed()).isFalse();
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(client.pacer().inFlightCount()).isEqualTo(1); // only the accepted batch
  }
}
