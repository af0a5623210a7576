package dev.callingest.examples.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.Sleeper;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.DeliveryMode;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.emulator.Emulator;
import dev.callingest.emulator.Fault;
import dev.callingest.emulator.FaultInjection;
import dev.callingest.emulator.ReceivedBatch;
import dev.callingest.emulator.ReceivedCall;
import dev.callingest.partner.Agent;
import dev.callingest.partner.CallDetails;
import dev.callingest.partner.Customer;
import dev.callingest.partner.IngestItem;
import dev.callingest.partner.PartnerClient;
import dev.callingest.partner.PartnerCredentials;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded chaos import against the project's emulator with the fault mix of the delivery issue:
 * 20% of API requests answered 500, 10% answered 429, 5% processed and then dropped with no answer.
 * Every call's outcome is compared with the emulator's record of what it received.
 */
class DeliveryChaosTest {
  static final int PARTNER_CALLS = Integer.getInteger("chaos.partnerCalls", 10_000);
  static final int UPLOAD_CALLS = Integer.getInteger("chaos.uploadCalls", 5_000);
  static final Sleeper NO_WAIT = duration -> {};

  @TempDir Path dir;
  Emulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) emulator.close();
  }

  Emulator start(long seed) {
    emulator =
        Emulator.builder()
            .faults(
                FaultInjection.builder()
                    .rate(Fault.SERVER_ERROR, 0.20)
                    .rate(Fault.RATE_LIMITED, 0.10)
                    .rate(Fault.DROP_AFTER_PROCESSING, 0.05)
                    .seed(seed)
                    .build())
            .uploadLimits(1_000_000, 100_000_000, 1_000_000)
            .partnerRequestsPerMinute(1_000_000)
            .allStages(Duration.ofMillis(1))
            .build()
            .start();
    return emulator;
  }

  /** Records each outcome once; a second outcome for the same call fails the test. */
  static ImportListener recorder(Map<String, CallOutcome> outcomes) {
    return new ImportListener() {
      @Override
      public void onOutcome(CallOutcome outcome) {
        CallOutcome before = outcomes.put(outcome.callId(), outcome);
        if (before != null) throw new AssertionError("two outcomes for " + outcome.callId());
      }
    };
  }

  @Test
  void partnerImportEndsWithEveryCallAcceptedAndNoneFailed() {
    start(11);
    List<String> credentials = emulator.partnerCredentials();
    Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
    try (PartnerClient client =
        PartnerClient.create(
            ClientOptions.builder()
                .baseUrl(emulator.partnerBaseUrl())
                .credentials(
                    PartnerCredentials.of(
                        credentials.get(0),
                        credentials.get(1),
                        credentials.get(2),
                        credentials.get(3)))
                .sleeper(NO_WAIT)
                .build())) {
      ImportReport report =
          client
              .importer()
              .concurrency(1)
              .sleeper(Sleeper.SYSTEM)
              .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
              .listener(recorder(outcomes))
              .journal(dir.resolve("partner.journal"))
              .build()
              .run(IntStream.range(0, PARTNER_CALLS).mapToObj(DeliveryChaosTest::item));

      Map<String, Integer> onServer = new HashMap<>();
      emulator.partnerItems().keySet().forEach(id -> onServer.merge(id, 1, Integer::sum));
      ChaosFigures figures = ChaosFigures.check("partner", PARTNER_CALLS, outcomes, onServer);

      assertThat(report.accepted()).isEqualTo(PARTNER_CALLS);
      assertThat(figures.failed()).isZero();
      assertThat(figures.inDoubt()).isZero();
      assertThat(figures.flagged()).isZero();
      assertThat(figures.notOnServer()).isZero();
      // The faults really happened: some items were received more than once and folded by id.
      assertThat(emulator.partnerItems().values()).anyMatch(item -> item.submissions() > 1);
    }
  }

  @Test
  void uploadAtLeastOnceLosesNothingAndFlagsEveryDuplicateAlsoAfterARerun() {
    start(12);
    Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
    Path journal = dir.resolve("upload.journal");
    try (UploadClient client = uploadClient()) {
      client
          .importer()
          .delivery(DeliveryMode.AT_LEAST_ONCE)
          .concurrency(1)
          .sleeper(Sleeper.SYSTEM)
          .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
          .listener(recorder(outcomes))
          .journal(journal)
          .build()
          .run(IntStream.range(0, UPLOAD_CALLS).mapToObj(DeliveryChaosTest::call));
      ChaosFigures first =
          ChaosFigures.check("upload at-least-once", UPLOAD_CALLS, outcomes, uploadRecord());

      assertThat(first.accepted()).isEqualTo(UPLOAD_CALLS);
      assertThat(first.failed() + first.inDoubt() + first.notOnServer()).isZero();
      assertThat(first.onServerTwice()).isPositive(); // the drops after processing did their work

      // The documented rerun with the journal: nothing is sent again, every flag survives.
      outcomes.clear();
      int batchesBefore = emulator.batches().size();
      ImportReport rerun =
          client
              .importer()
              .delivery(DeliveryMode.AT_LEAST_ONCE)
              .concurrency(1)
              .sleeper(Sleeper.SYSTEM)
              .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
              .listener(recorder(outcomes))
              .journal(journal)
              .build()
              .run(IntStream.range(0, UPLOAD_CALLS).mapToObj(DeliveryChaosTest::call));
      ChaosFigures second =
          ChaosFigures.check("upload at-least-once rerun", UPLOAD_CALLS, outcomes, uploadRecord());

      assertThat(emulator.batches()).hasSize(batchesBefore);
      assertThat(rerun.possibleDuplicates()).isEqualTo(first.flagged());
      assertThat(second.flagged()).isEqualTo(first.flagged());
    }
  }

  @Test
  void uploadAtMostOnceNeverDuplicatesAndSaysWhichCallsAreInDoubtAlsoAfterARerun() {
    start(13);
    Map<String, CallOutcome> outcomes = new ConcurrentHashMap<>();
    Path journal = dir.resolve("upload-once.journal");
    try (UploadClient client = uploadClient()) {
      client
          .importer()
          .delivery(DeliveryMode.AT_MOST_ONCE)
          .concurrency(1)
          .sleeper(Sleeper.SYSTEM)
          .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
          .listener(recorder(outcomes))
          .journal(journal)
          .build()
          .run(IntStream.range(0, UPLOAD_CALLS).mapToObj(DeliveryChaosTest::call));
      ChaosFigures first =
          ChaosFigures.check("upload at-most-once", UPLOAD_CALLS, outcomes, uploadRecord());

      assertThat(first.onServerTwice()).isZero();
      assertThat(first.flagged()).isZero();
      assertThat(first.inDoubt()).isPositive();
      assertThat(first.accepted() + first.failed() + first.inDoubt()).isEqualTo(UPLOAD_CALLS);

      outcomes.clear();
      client
          .importer()
          .delivery(DeliveryMode.AT_MOST_ONCE)
          .concurrency(1)
          .sleeper(Sleeper.SYSTEM)
          .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
          .listener(recorder(outcomes))
          .journal(journal)
          .build()
          .run(IntStream.range(0, UPLOAD_CALLS).mapToObj(DeliveryChaosTest::call));
      ChaosFigures second =
          ChaosFigures.check("upload at-most-once rerun", UPLOAD_CALLS, outcomes, uploadRecord());

      assertThat(second.onServerTwice()).isZero();
      assertThat(second.inDoubt()).isGreaterThanOrEqualTo(first.inDoubt());
    }
  }

  UploadClient uploadClient() {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(emulator.uploadBaseUrl())
                .credentials(UploadCredentials.of(emulator.uploadApiKey()))
                .sleeper(NO_WAIT)
                .build())
        .pacing(UploadPacing.DISABLED)
        .build();
  }

  /** How many times the emulator holds each external id, over every batch it accepted. */
  Map<String, Integer> uploadRecord() {
    Map<String, Integer> held = new HashMap<>();
    for (ReceivedBatch batch : emulator.batches()) {
      for (ReceivedCall call : batch.calls()) held.merge(call.externalId(), 1, Integer::sum);
    }
    return held;
  }

  static UploadCall call(int i) {
    return UploadCall.builder()
        .externalId("up-" + i)
        .audioUrl("https://recordings.example.com/" + i + ".mp3")
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2026-03-01T09:00:00Z"))
        .build();
  }

  static IngestItem item(int i) {
    return IngestItem.builder()
        .call(
            CallDetails.builder()
                .id("pt-" + i)
                .recordingUrl("https://recordings.example.com/" + i + ".mp3")
                .startTime(Instant.parse("2026-03-01T09:00:00Z"))
                .endTime(Instant.parse("2026-03-01T09:12:00Z"))
                .contactNumber("+4930901820")
                .build())
        .agent(Agent.builder().id("agent-1").build())
        .customer(Customer.builder().id("customer-" + i).build())
        .build();
  }
}
