package dev.callingest.upload;

import static dev.callingest.upload.Fixtures.parse;
import static dev.callingest.upload.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import dev.callingest.MetadataValue;
import dev.callingest.internal.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UploadJsonTest {
  @Test
  void requestBuiltInCodeWritesTheDocumentsExample() {
    byte[] written = Json.toBytes(UploadJson.BATCH, Fixtures.documentBatch());

    assertThat(tree(written)).isEqualTo(tree(Fixtures.REQUEST));
  }

  @Test
  void documentRequestParsesToExactValues() throws Exception {
    UploadBatch batch = parse(UploadJson.BATCH, Fixtures.REQUEST);

    assertThat(batch).isEqualTo(Fixtures.documentBatch());
    UploadCall first = batch.calls().get(0);
    assertThat(first.externalId()).isEqualTo("call_12345");
    assertThat(first.callDate()).isEqualTo(Instant.parse("2025-01-15T14:30:00Z"));
    assertThat(first.direction()).contains(CallDirection.OUTBOUND);
    assertThat(first.durationSeconds()).isEqualTo(OptionalLong.of(350));
    assertThat(first.metadata())
        .containsExactly(
            Map.entry("campaign", MetadataValue.of("Q1 2025")),
            Map.entry("product", MetadataValue.of("Enterprise Plan")));
    UploadCall second = batch.calls().get(1);
    assertThat(second.contactEmail()).isEmpty();
    assertThat(second.metadata()).isEmpty();
  }

  @Test
  void callDateGivenWithAnOffsetIsWrittenAsTheSameInstantInUtc() {
    UploadCall call =
        UploadCall.builder()
            .from(Fixtures.call("x"))
            .callDate(OffsetDateTime.parse("2025-03-02T09:15:00+05:30"))
            .build();

    String json = new String(Json.toBytes(UploadJson.CALL, call));

    assertThat(json).contains("\"call_date\":\"2025-03-02T03:45:00Z\"");
  }

  @Test
  void metadataKeepsStringNumberAndBooleanTypes() {
    UploadCall call =
        UploadCall.builder()
            .from(Fixtures.call("x"))
            .putMetadata("source", "dialer")
            .putMetadata("score", 7)
            .putMetadata("vip", true)
            .build();

    String json = new String(Json.toBytes(UploadJson.CALL, call));

    assertThat(json).contains("\"metadata\":{\"source\":\"dialer\",\"score\":7,\"vip\":true}");
  }

  @Test
  void metadataReadsBackAsTheSameKindsAndRefusesANestedValueNamingItsPath() throws Exception {
    UploadCall read =
        parse(
            UploadJson.CALL,
            "{\"external_id\":\"x\",\"audio_url\":\"https://r.example/x.mp3\","
                + "\"user_email\":\"a@example.com\",\"call_date\":\"2025-01-15T14:30:00Z\","
                + "\"metadata\":{\"source\":\"dialer\",\"score\":7,\"ratio\":0.5,\"vip\":true}}");

    assertThat(read.metadata())
        .containsExactly(
            Map.entry("source", MetadataValue.of("dialer")),
            Map.entry("score", MetadataValue.of(7)),
            Map.entry("ratio", MetadataValue.of(0.5)),
            Map.entry("vip", MetadataValue.of(true)));
    assertThatThrownBy(() -> parse(UploadJson.CALL, "{\"metadata\":{\"ok\":1,\"tags\":[\"a\"]}}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("metadata values must be strings, numbers or booleans at $.metadata.tags");
  }

  @Test
  void documentReceiptParsesToExactValues() throws Exception {
    SubmissionReceipt receipt = parse(UploadJson.RECEIPT, Fixtures.RECEIPT);

    assertThat(receipt.batchId()).isEqualTo("batch_abc123");
    assertThat(receipt.callsSubmitted()).isEqualTo(2);
    assertThat(receipt.rawStatus()).contains("processing");
    assertThat(receipt.status()).isEqualTo(BatchState.PROCESSING);
    assertThat(tree(Json.toBytes(UploadJson.RECEIPT, receipt))).isEqualTo(tree(Fixtures.RECEIPT));
  }

  @Test
  void documentStatusParsesToExactValues() throws Exception {
    BatchStatus status = parse(UploadJson.STATUS, Fixtures.STATUS);

    assertThat(status.batchId()).isEqualTo("batch_abc123");
    assertThat(status.status()).isEqualTo(BatchState.PROCESSING);
    assertThat(status.isTerminal()).isFalse();
    assertThat(status.submittedAt()).contains(Instant.parse("2025-01-15T16:00:00Z"));
    assertThat(status.totalCalls()).isEqualTo(2);
    assertThat(status.processed()).isEqualTo(1);
    assertThat(status.failed()).isZero();
    assertThat(status.pending()).isEqualTo(1);
    assertThat(status.calls())
        .containsExactly(
            CallStatus.builder()
                .externalId("call_12345")
                .rawStatus("completed")
                .ailaCallId("aila_xyz789")
                .processedAt(Instant.parse("2025-01-15T16:03:00Z"))
                .build(),
            CallStatus.builder()
                .externalId("call_12346")
                .rawStatus("processing")
                .rawProgress("transcribing")
                .build());
    assertThat(status.calls().get(1).status()).isEqualTo(CallState.PROCESSING);
    assertThat(status.calls().get(1).stage()).isEqualTo(CallState.TRANSCRIBING);
    assertThat(status.failedCalls()).isEmpty();
    assertThat(tree(Json.toBytes(UploadJson.STATUS, status))).isEqualTo(tree(Fixtures.STATUS));
  }

  @Test
  void unknownStatesAreKeptRawAndAreNotTerminal() throws Exception {
    BatchStatus status =
        parse(
            UploadJson.STATUS,
            "{\"batch_id\":\"b1\",\"status\":\"archived\",\"calls\":"
                + "[{\"external_id\":\"a\",\"status\":\"re-queued\",\"progress\":\"diarizing\"}]}");

    assertThat(status.rawStatus()).isEqualTo("archived");
    assertThat(status.status()).isEqualTo(BatchState.UNKNOWN);
    assertThat(status.isTerminal()).isFalse();
    assertThat(status.calls().get(0).rawStatus()).isEqualTo("re-queued");
    assertThat(status.calls().get(0).status()).isEqualTo(CallState.UNKNOWN);
    assertThat(status.calls().get(0).rawProgress()).contains("diarizing");
  }

  @Test
  void unknownFieldsAreSkippedAndNullIsAbsent() throws Exception {
    BatchStatus status =
        parse(
            UploadJson.STATUS,
            "{\"batch_id\":\"b1\",\"status\":\"failed\",\"region\":{\"name\":\"eu\"},"
                + "\"submitted_at\":null,\"calls\":[{\"external_id\":\"a\",\"status\":\"failed\","
                + "\"aila_call_id\":null,\"error\":{\"message\":\"audio_url is not accessible\"}},"
                + "{\"external_id\":\"b\",\"status\":\"failed\",\"error\":\"user_email not found\"}]}");

    assertThat(status.status()).isEqualTo(BatchState.FAILED);
    assertThat(status.submittedAt()).isEmpty();
    assertThat(status.calls().get(0).ailaCallId()).isEmpty();
    assertThat(status.calls().get(0).errorMessage()).contains("audio_url is not accessible");
    assertThat(status.calls().get(1).errorMessage()).contains("user_email not found");
    assertThat(status.failedCalls()).extracting(CallStatus::externalId).containsExactly("a", "b");
  }

  @Test
  void badDateNamesItsJsonPath() {
    assertThatThrownBy(
            () ->
                parse(
                    UploadJson.STATUS,
                    "{\"batch_id\":\"b1\",\"status\":\"completed\",\"calls\":"
                        + "[{\"external_id\":\"a\",\"status\":\"completed\",\"processed_at\":\"yesterday\"}]}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("'yesterday'")
        .hasMessageContaining("$.calls[0].processed_at");
  }

  @Test
  void receiptWithoutBatchIdIsRejected() {
    assertThatThrownBy(() -> parse(UploadJson.RECEIPT, "{\"success\":true,\"calls_submitted\":2}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("batch_id is missing");
  }

  @Test
  void terminalStatesAreCompletedPartialAndFailed() {
    assertThat(BatchState.values())
        .filteredOn(BatchState::isTerminal)
        .containsExactly(BatchState.COMPLETED, BatchState.PARTIAL, BatchState.FAILED);
    assertThat(BatchState.fromWire("partial")).isEqualTo(BatchState.PARTIAL);
    assertThat(CallState.values())
        .filteredOn(CallState::isTerminal)
        .containsExactly(CallState.COMPLETED, CallState.FAILED);
    assertThat(Optional.of(CallState.fromWire("analyzing"))).contains(CallState.ANALYZING);
  }
}
