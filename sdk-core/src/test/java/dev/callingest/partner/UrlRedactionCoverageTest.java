package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.ServerValidationException;
import dev.callingest.ValidationException;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.bulk.OutcomeKind;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Puts a secret in every part of a URL the SDK could print (user info, path, query, fragment) and
 * looks for it in every text the SDK makes from such a URL: models' {@code toString()}, client-side
 * violations and their exception, a server's 422 that quotes the URL back (exception message,
 * violations, {@code ErrorResponse}), bulk outcome reasons, the journal file and every log line.
 */
class UrlRedactionCoverageTest {
  static final String PATH_TOKEN = "pathTok3n9f8e7d6c5b4a";
  static final String QUERY_TOKEN = "queryTok3nA1B2C3";
  static final String USER_SECRET = "us3rPa55";
  static final String FRAGMENT_SECRET = "fragS3cret";
  static final List<String> SECRETS =
      List.of(PATH_TOKEN, QUERY_TOKEN, USER_SECRET, FRAGMENT_SECRET);

  static final String CALLBACK_URL =
      "https://bob:"
          + USER_SECRET
          + "@hooks.seller.example/cb/"
          + PATH_TOKEN
          + "?cb_call_id=c-1&cb_token="
          + QUERY_TOKEN
          + "#"
          + FRAGMENT_SECRET;
  static final String PRESIGNED_URL =
      "https://recordings.s3.amazonaws.com/"
          + PATH_TOKEN
          + "/a.mp3?X-Amz-Credential=x&X-Amz-Signature="
          + QUERY_TOKEN;

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  final Logger logger = Logger.getLogger("dev.callingest");
  final List<String> logLines = new CopyOnWriteArrayList<>();
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
  final List<String> texts = new ArrayList<>();

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

  PartnerClient client() {
    FakeTime time = new FakeTime();
    return PartnerClient.create(
        ClientOptions.builder()
            .baseUrl(server.url("/api/v1"))
            .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
            .clock(time)
            .sleeper(time)
            .maxRetries(0)
            .build());
  }

  static UploadCall uploadCall(String audioUrl) {
    return UploadCall.builder()
        .externalId("u-1")
        .audioUrl(audioUrl)
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2025-06-01T08:00:00Z"))
        .build();
  }

  @Test
  void modelsShowOnlySchemeHostAndPort() {
    UploadCall call = uploadCall(PRESIGNED_URL);
    IngestItem item =
        Fixtures.item("c-1")
            .call(Fixtures.call("c-1").recordingUrl(PRESIGNED_URL).build())
            .callbackUrl(CALLBACK_URL)
            .build();

    assertThat(call.toString()).contains("audioUrl=https://recordings.s3.amazonaws.com/***?***");
    assertThat(item.toString())
        .contains("recordingUrl=https://recordings.s3.amazonaws.com/***?***")
        .contains("callbackUrl=https://hooks.seller.example/***?***");
    texts.add(call.toString());
    texts.add(UploadBatch.of(List.of(call)).toString());
    texts.add(item.toString());
    texts.add(item.call().toString());
    texts.add(IngestBatch.of(item).toString());
    assertNoSecretIn(texts);
  }

  @Test
  void clientSideViolationsShowOnlySchemeHostAndPort() {
    UploadClient uploadClient =
        UploadClient.create(
            ClientOptions.builder()
                .baseUrl("https://upload.invalid")
                .credentials(UploadCredentials.of("key"))
                .build());
    Throwable upload =
        catchThrowable(
            () ->
                uploadClient.checkValid(
                    UploadBatch.of(List.of(uploadCall(PRESIGNED_URL.replace("https:", "ftp:"))))));
    IngestItem item =
        Fixtures.item("c-2").callbackUrl(CALLBACK_URL.replace("https:", "http:")).build();
    Throwable partner;
    try (PartnerClient client = client()) {
      partner = catchThrowable(() -> client.submit(IngestBatch.of(item)));
    }

    assertThat(upload)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("ftp://recordings.s3.amazonaws.com/***?***");
    assertThat(partner)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v ->
                            assertThat(v.rejectedValue())
                                .contains("http://hooks.seller.example/***?***")));
    assertThat(server.getRequestCount()).isZero();
    addThrowable(upload);
    addThrowable(partner);
    assertNoSecretIn(texts);
  }

  @Test
  void aServerThatQuotesTheUrlBackIsRedactedInTheExceptionAndItsViolations() {
    server.enqueue(new MockResponse.Builder().code(422).body(serverEcho()).build());
    Throwable thrown;
    try (PartnerClient client = client()) {
      thrown =
          catchThrowable(
              () ->
                  client.submit(
                      IngestBatch.of(Fixtures.item("c-3").callbackUrl(CALLBACK_URL).build())));
    }

    assertThat(thrown)
        .isInstanceOfSatisfying(
            ServerValidationException.class,
            e -> {
              assertThat(e.getMessage()).contains("https://hooks.seller.example/***?***");
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(
                      v -> assertThat(v.rule()).contains("https://hooks.seller.example/***?***"));
              assertThat(e.response())
                  .hasValueSatisfying(
                      response -> {
                        texts.add(response.toString());
                        texts.add(response.bodyExcerpt());
                        response.message().ifPresent(texts::add);
                      });
            });
    addThrowable(thrown);
    assertNoSecretIn(texts);
  }

  @Test
  void bulkOutcomesAndTheJournalAreRedacted() throws Exception {
    server.enqueue(new MockResponse.Builder().code(422).body(serverEcho()).build());
    Path journal = dir.resolve("import.journal");
    List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();
    ImportListener recorder =
        new ImportListener() {
          @Override
          public void onOutcome(CallOutcome outcome) {
            outcomes.add(outcome);
          }
        };
    List<IngestItem> items =
        List.of(
            Fixtures.item("c-4")
                .callbackUrl(CALLBACK_URL.replace("https:", "http:"))
                .build(), // refused here
            Fixtures.item("c-5").callbackUrl(CALLBACK_URL).build()); // refused by the server
    ImportReport report;
    try (PartnerClient client = client()) {
      report =
          client
              .importer()
              .concurrency(1)
              .journal(journal)
              .listener(recorder)
              .build()
              .run(items.iterator());
    }

    assertThat(outcomes).hasSize(2).allMatch(o -> o.kind() != OutcomeKind.ACCEPTED);
    assertThat(outcomes)
        .anySatisfy(
            o ->
                assertThat(o.reason())
                    .hasValueSatisfying(
                        r -> assertThat(r).contains("http://hooks.seller.example/***?***")));
    for (CallOutcome outcome : outcomes) {
      texts.add(outcome.toString());
      outcome.violations().forEach(v -> texts.add(v.toString()));
    }
    texts.add(report.toString());
    String written = Files.readString(journal, StandardCharsets.UTF_8);
    assertThat(written).contains("c-4").contains("c-5").contains("hooks.seller.example/***");
    texts.add(written);
    assertNoSecretIn(texts);
  }

  /** A 422 whose message and violation quote the URL in full, as a careless server might. */
  static String serverEcho() {
    String quoted = CALLBACK_URL.replace("\"", "");
    return "{\"success\":false,\"message\":\"callback "
        + quoted
        + " refused\",\"errors\":[{\"field\":"
        + "\"data[0].callback_url\",\"message\":\""
        + quoted
        + " is not reachable\"}]}";
  }

  void addThrowable(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
  }

  void assertNoSecretIn(List<String> more) {
    List<String> all = new ArrayList<>(more);
    all.addAll(logLines);
    assertThat(all).isNotEmpty();
    for (String secret : SECRETS) {
      assertThat(all).noneMatch(text -> text.contains(secret));
    }
  }
}
