package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.CallingestException;
import dev.callingest.FakeTime;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerException;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.DeliveryMode;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault sequences against the Upload API in both delivery modes: the exception, its {@code
 * possiblyProcessed()}, and the importer's outcome and journal line for the same sequence.
 */
class UploadDeliveryTest {
  static final String ACCEPTED =
      "{\"success\":true,\"batch_id\":\"batch_9\",\"calls_submitted\":1,\"status\":\"processing\"}";

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  UploadClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  UploadClient client(int maxRetries, boolean retryInDoubt) {
    if (client != null) client.close();
    client =
        Fixtures.client(
            Fixtures.options(server, time)
                .maxRetries(maxRetries)
                .readTimeout(Duration.ofMillis(200))
                .retryInDoubtRequests(retryInDoubt)
                .build(),
            UploadPacing.DISABLED);
    return client;
  }

  static MockResponse drop() {
    return new MockResponse.Builder()
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  static MockResponse timeout() {
    return new MockResponse.Builder().body(ACCEPTED).headersDelay(3, TimeUnit.SECONDS).build();
  }

  static MockResponse status(int code) {
    return Fixtures.json(
        code, "{\"success\":false,\"error\":{\"code\":\"E" + code + "\",\"message\":\"m\"}}");
  }

  static MockResponse ok() {
    return Fixtures.json(200, ACCEPTED);
  }

  void enqueue(MockResponse... responses) {
    for (MockResponse response : responses) server.enqueue(response);
  }

  /** Imports one call through the importer; returns its outcome and the journal's last line. */
  CallOutcome importOne(DeliveryMode mode, Duration budget) throws Exception {
    outcomes.clear();
    Path journal = dir.resolve("j-" + System.nanoTime());
    BulkImporter<UploadCall> importer =
        client
            .importer()
            .delivery(mode)
            .retryBudget(budget)
            .maxRateLimitRounds(0)
            .journal(journal)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build();
    ImportReport report = importer.run(List.of(Fixtures.call("c1")).iterator());
    assertThat(report.read()).isEqualTo(1);
    lastJournalLine = Files.readAllLines(journal).get(Files.readAllLines(journal).size() - 1);
    return outcomes.get(0);
  }

  String lastJournalLine;

  <E extends CallingestException> E submitFails(Class<E> type) {
    return catchThrowableOfType(
        () -> client.submit(UploadBatch.of(List.of(Fixtures.call("c1")))), type);
  }

  // ---- at least once: the transport resends in-doubt attempts ----

  @Test
  void atLeastOnceDropThen500Then500() throws Exception {
    client(2, true);
    enqueue(drop(), status(500), status(500));
    ServerException e = submitFails(ServerException.class);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getSuppressed()).hasSize(2);

    enqueue(drop(), status(500), status(500));
    CallOutcome outcome = importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ZERO);
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(lastJournalLine).startsWith("D\tc1\tgave up after 1 submissions");

    // With a budget the importer sends it again: accepted, and flagged because attempt 1 may be
    // there.
    enqueue(drop(), status(500), status(500), ok());
    CallOutcome accepted = importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ofMinutes(5));
    assertThat(accepted.kind()).isEqualTo(OutcomeKind.ACCEPTED);
    assertThat(accepted.possibleDuplicate()).isTrue();
    assertThat(lastJournalLine).isEqualTo("A\tc1\tbatch_9\ttwice");
  }

  @Test
  void atLeastOnceTimeoutThen503() throws Exception {
    client(1, true);
    enqueue(timeout(), status(503));
    ServerException e = submitFails(ServerException.class);
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.possiblyProcessed()).isTrue();

    enqueue(timeout(), status(503));
    assertThat(importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ZERO).kind())
        .isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(lastJournalLine).startsWith("D\tc1\t");
  }

  @Test
  void atLeastOnceTimeoutThen429() throws Exception {
    client(1, true);
    enqueue(timeout(), status(429));
    RateLimitedException e = submitFails(RateLimitedException.class);
    assertThat(e.possiblyProcessed()).isTrue();

    enqueue(timeout(), status(429));
    CallOutcome outcome = importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ZERO);
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(outcome.reason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("still rate limited after 0 pauses"));
    assertThat(lastJournalLine).startsWith("D\tc1\tstill rate limited");
  }

  @Test
  void unreadable2xxIsInDoubtInBothModes() throws Exception {
    client(2, true);
    enqueue(Fixtures.json(200, "{\"success\":true,\"batch_id\":"));
    MalformedResponseException e = submitFails(MalformedResponseException.class);
    assertThat(e.possiblyProcessed()).isTrue();

    for (DeliveryMode mode : DeliveryMode.values()) {
      enqueue(Fixtures.json(200, "<html>"));
      assertThat(importOne(mode, Duration.ZERO).kind())
          .as(mode.name())
          .isEqualTo(OutcomeKind.IN_DOUBT);
      assertThat(lastJournalLine).startsWith("D\tc1\t");
    }
  }

  @Test
  void atLeastOnceDropOnTheLastAttempt() throws Exception {
    client(2, true);
    enqueue(status(503), status(503), drop());
    RequestInDoubtException e = submitFails(RequestInDoubtException.class);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.attempts()).isEqualTo(3);

    enqueue(status(503), status(503), drop());
    assertThat(importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ZERO).kind())
        .isEqualTo(OutcomeKind.IN_DOUBT);
  }

  @Test
  void definiteRefusalsOnlyAreFailedNotInDoubt() throws Exception {
    client(2, true);
    enqueue(status(503), status(429), status(503));
    ServerException e = submitFails(ServerException.class);
    assertThat(e.possiblyProcessed()).isFalse();

    enqueue(status(503), status(429), status(503));
    CallOutcome outcome = importOne(DeliveryMode.AT_LEAST_ONCE, Duration.ZERO);
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.FAILED);
    assertThat(lastJournalLine).startsWith("F\tc1\t");
  }

  // ---- at most once: nothing is sent again after an attempt that may have been processed ----

  @Test
  void atMostOnceDropThen500Then500StopsAtTheDrop() throws Exception {
    client(2, false);
    enqueue(drop(), status(500), status(500));
    RequestInDoubtException e = submitFails(RequestInDoubtException.class);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void atMostOnceImporterNeverResendsAfterDoubtEvenWithABudget() throws Exception {
    client(2, true); // the importer's mode overrides the client's in-doubt retries
    enqueue(drop(), ok());
    CallOutcome outcome = importOne(DeliveryMode.AT_MOST_ONCE, Duration.ofMinutes(5));

    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(outcome.possibleDuplicate()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(lastJournalLine).startsWith("D\tc1\t");
  }

  @Test
  void atMostOnceTimeoutThen503StopsAtTheTimeout() throws Exception {
    client(1, false);
    enqueue(timeout(), status(503));
    RequestInDoubtException e = submitFails(RequestInDoubtException.class);
    assertThat(e.isTimeout()).isTrue();
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void atMostOnceTimeoutThen429EndsInDoubtInTheImporter() throws Exception {
    client(1, false);
    enqueue(timeout(), status(429));
    CallOutcome outcome = importOne(DeliveryMode.AT_MOST_ONCE, Duration.ofMinutes(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(lastJournalLine).startsWith("D\tc1\t");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void atMostOnceStillRetriesWhatCannotHaveBeenProcessed() throws Exception {
    client(2, false);
    enqueue(status(503), status(429), ok());
    CallOutcome outcome = importOne(DeliveryMode.AT_MOST_ONCE, Duration.ofMinutes(5));

    assertThat(outcome.kind()).isEqualTo(OutcomeKind.ACCEPTED);
    assertThat(outcome.possibleDuplicate()).isFalse();
    assertThat(lastJournalLine).isEqualTo("A\tc1\tbatch_9\tonce");
  }

  @Test
  void atMostOnceDropOnTheLastAttempt() throws Exception {
    client(2, false);
    enqueue(status(503), status(503), drop());
    CallOutcome outcome = importOne(DeliveryMode.AT_MOST_ONCE, Duration.ofMinutes(5));
    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aClientThatNeverResendsInDoubtMakesItsImporterAtMostOnce() throws Exception {
    client(2, false);
    enqueue(status(500), ok());
    BulkImporter<UploadCall> importer =
        client
            .importer()
            .waitForProcessing(false)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build();

    ImportReport report = importer.run(List.of(Fixtures.call("c1")).iterator());

    assertThat(report.inDoubt()).isEqualTo(1); // the 500 may have stored it: not sent again
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThatThrownBy(() -> client.importer().delivery(DeliveryMode.AT_LEAST_ONCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "delivery(AT_LEAST_ONCE) contradicts the client's ClientOptions.retryInDoubtRequests(false):"
                + " at-least-once delivery sends a batch again after an attempt that may have been processed,"
                + " which the client was told never to do; turn retryInDoubtRequests on or keep the default"
                + " delivery (AT_MOST_ONCE for this client)");
  }

  @Test
  void cancelWakesAWaitForProcessingAndTheJournalSurvivesTheCancel() throws Exception {
    client =
        Fixtures.client(
            dev.callingest.ClientOptions.builder()
                .baseUrl(server.url("/"))
                .credentials(UploadCredentials.of(Fixtures.API_KEY))
                // The system clock and sleeper: a ten-minute sleep that only the cancel can end.
                .build(),
            UploadPacing.DISABLED);
    enqueue(ok());
    Path journal = dir.resolve("cancel.journal");
    BulkImporter<UploadCall> importer =
        client
            .importer(
                WaitOptions.builder()
                    .interval(Duration.ofMinutes(10), Duration.ofMinutes(10))
                    .build())
            .waitForProcessing(true)
            .journal(journal)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build();
    java.util.concurrent.CompletableFuture<ImportReport> run =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> importer.run(List.of(Fixtures.call("c1"), Fixtures.call("c2")).iterator()));
    assertThat(server.takeRequest(30, TimeUnit.SECONDS)).isNotNull(); // the batch was sent
    // Cancel only once the batch's answer is in and the wait for processing has begun.
    dev.callingest.ThreadProbe.awaitWaitingIn(
        "callingest-import-", dev.callingest.internal.CancellableSleep.class, "sleep");

    importer.cancel(); // the first poll is ten minutes away: only waking the wait ends the run
    ImportReport report = run.get(60, TimeUnit.SECONDS);

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(outcomes)
        .allSatisfy(
            o ->
                assertThat(o.reason())
                    .contains("accepted; the import was cancelled before processing finished"));
    assertThat(Files.readAllLines(journal))
        .contains("A\tc1\tbatch_9\tonce", "A\tc2\tbatch_9\tonce");
  }

  @Test
  void theDeadlineCoversThePacingWait() {
    client =
        Fixtures.client(
            Fixtures.options(server, time).deadline(Duration.ofSeconds(30)).build(),
            UploadPacing.builder().batchesPerHour(1).maxWait(Duration.ofHours(2)).build());
    enqueue(ok());
    client.submit(UploadBatch.of(List.of(Fixtures.call("c1"))));

    RateLimitedException e = submitFails(RateLimitedException.class);

    assertThat(e.isClientSide()).isTrue();
    assertThat(e.possiblyProcessed()).isFalse();
    assertThat(e).hasMessageContaining("after the request's deadline; nothing was sent");
    assertThat(time.sleeps()).isEmpty(); // without the deadline it would have slept an hour
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPacingWaitWithinTheDeadlineCountsAgainstIt() throws Exception {
    client =
        Fixtures.client(
            Fixtures.options(server, time).deadline(Duration.ofMinutes(90)).build(),
            UploadPacing.builder().batchesPerHour(1).maxWait(Duration.ofHours(2)).build());
    enqueue(ok());
    client.submit(UploadBatch.of(List.of(Fixtures.call("c1"))));
    enqueue(status(503), ok());

    client.submit(UploadBatch.of(List.of(Fixtures.call("c2"))));

    // The hour of pacing left 30 minutes of the deadline; the retry after the 503 still fit.
    assertThat(time.sleeps().get(0)).isEqualTo(Duration.ofHours(1));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aDirectSubmitAfterAnAttemptInDoubtFlagsTheReceipt() {
    client(2, true);
    enqueue(drop(), ok());

    SubmissionReceipt receipt = client.submit(UploadBatch.of(List.of(Fixtures.call("c1"))));

    assertThat(receipt.possibleDuplicate()).isTrue();
    assertThat(receipt.batchId()).isEqualTo("batch_9");
  }
}
