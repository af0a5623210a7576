package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.MalformedResponseException;
import dev.callingest.RateLimitedException;
import dev.callingest.RequestInDoubtException;
import dev.callingest.ServerException;
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
 * Fault sequences against the Partner API, which de-duplicates by call id: the exception tells
 * whether an attempt may have been processed, and the importer sends again until the call is
 * accepted, never flagging it as a duplicate.
 */
class PartnerDeliveryTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  final List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
  PartnerClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  PartnerClient client(int maxRetries) {
    client =
        PartnerClient.create(
            ClientOptions.builder()
                .baseUrl(server.url("/api/v1"))
                .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
                .clock(time)
                .sleeper(time)
                .maxRetries(maxRetries)
                .readTimeout(Duration.ofMillis(200))
                .build());
    return client;
  }

  static MockResponse drop() {
    return new MockResponse.Builder()
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  static MockResponse timeout() {
    return new MockResponse.Builder()
        .body("{\"success\":true}")
        .headersDelay(3, TimeUnit.SECONDS)
        .build();
  }

  static MockResponse status(int code) {
    String message =
        code == 429 ? "Too many requests. Try again in 60 seconds." : "Internal server error";
    return new MockResponse.Builder()
        .code(code)
        .body("{\"success\":false,\"message\":\"" + message + "\"}")
        .build();
  }

  static MockResponse ok() {
    return new MockResponse.Builder().code(200).body("{\"success\":true}").build();
  }

  void enqueue(MockResponse... responses) {
    for (MockResponse response : responses) server.enqueue(response);
  }

  String lastJournalLine;

  CallOutcome importOne(DeliveryMode mode) throws Exception {
    outcomes.clear();
    Path journal = dir.resolve("j-" + System.nanoTime());
    ImportReport report =
        client
            .importer()
            .delivery(mode)
            .journal(journal)
            .listener(
                new ImportListener() {
                  @Override
                  public void onOutcome(CallOutcome outcome) {
                    outcomes.add(outcome);
                  }
                })
            .build()
            .run(List.of(Fixtures.item("p1").build()).iterator());
    assertThat(report.read()).isEqualTo(1);
    List<String> lines = Files.readAllLines(journal);
    lastJournalLine = lines.get(lines.size() - 1);
    return outcomes.get(0);
  }

  void assertAcceptedOnceWhateverTheMode(MockResponse... sequence) throws Exception {
    for (DeliveryMode mode : DeliveryMode.values()) {
      enqueue(sequence);
      enqueue(ok());
      CallOutcome outcome = importOne(mode);
      assertThat(outcome.kind()).as(mode.name()).isEqualTo(OutcomeKind.ACCEPTED);
      assertThat(outcome.possibleDuplicate()).isFalse();
      assertThat(lastJournalLine).isEqualTo("A\tp1\t-\tonce");
    }
  }

  @Test
  void dropThen500Then500() throws Exception {
    client(2);
    enqueue(drop(), status(500), status(500));
    ServerException e =
        catchThrowableOfType(() -> client.submit(Fixtures.batchOf("p1")), ServerException.class);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.getSuppressed()).hasSize(2);

    assertAcceptedOnceWhateverTheMode(drop(), status(500), status(500));
  }

  @Test
  void timeoutThen503() throws Exception {
    client(1);
    enqueue(timeout(), status(503));
    ServerException e =
        catchThrowableOfType(() -> client.submit(Fixtures.batchOf("p1")), ServerException.class);
    assertThat(e.httpStatus()).isEqualTo(503);
    assertThat(e.possiblyProcessed()).isTrue();

    assertAcceptedOnceWhateverTheMode(timeout(), status(503));
  }

  @Test
  void timeoutThen429() throws Exception {
    client(1);
    enqueue(timeout(), status(429));
    RateLimitedException e =
        catchThrowableOfType(
            () -> client.submit(Fixtures.batchOf("p1")), RateLimitedException.class);
    assertThat(e.possiblyProcessed()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));

    assertAcceptedOnceWhateverTheMode(timeout(), status(429));
  }

  @Test
  void unreadable2xx() throws Exception {
    client(2);
    enqueue(new MockResponse.Builder().code(200).body("{\"success\":").build());
    MalformedResponseException e =
        catchThrowableOfType(
            () -> client.submit(Fixtures.batchOf("p1")), MalformedResponseException.class);
    assertThat(e.possiblyProcessed()).isTrue();

    assertAcceptedOnceWhateverTheMode(
        new MockResponse.Builder().code(200).body("{\"success\":").build());
  }

  @Test
  void dropOnTheLastAttempt() throws Exception {
    client(2);
    enqueue(status(503), status(503), drop());
    RequestInDoubtException e =
        catchThrowableOfType(
            () -> client.submit(Fixtures.batchOf("p1")), RequestInDoubtException.class);
    assertThat(e.possiblyProcessed()).isTrue();

    assertAcceptedOnceWhateverTheMode(status(503), status(503), drop());
  }

  @Test
  void theDeadlineCoversThePacingWait() {
    client =
        PartnerClient.builder()
            .options(
                ClientOptions.builder()
                    .baseUrl(server.url("/api/v1"))
                    .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
                    .clock(time)
                    .sleeper(time)
                    .deadline(Duration.ofSeconds(10))
                    .build())
            .pacing(
                PartnerPacing.builder().requestsPerWindow(1).maxWait(Duration.ofMinutes(5)).build())
            .build();
    enqueue(ok());
    client.submit(Fixtures.batchOf("p1"));

    RateLimitedException e =
        catchThrowableOfType(
            () -> client.submit(Fixtures.batchOf("p2")), RateLimitedException.class);

    assertThat(e.isClientSide()).isTrue();
    assertThat(e).hasMessageContaining("after the request's deadline");
    assertThat(time.sleeps()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRefusalAfterAnAttemptInDoubtIsInDoubtNotFailed() throws Exception {
    client(2);
    enqueue(
        drop(),
        new MockResponse.Builder()
            .code(403)
            .body("{\"success\":false,\"message\":\"bad key\"}")
            .build());

    CallOutcome outcome = importOne(DeliveryMode.AT_LEAST_ONCE);

    assertThat(outcome.kind()).isEqualTo(OutcomeKind.IN_DOUBT);
    assertThat(lastJournalLine).startsWith("D\tp1\t");
  }
}
