package dev.callingest.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallAnalysisTest {
  static byte[] sample() throws IOException {
    try (InputStream in = CallAnalysisTest.class.getResourceAsStream("CallAnalysisSample.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void documentSampleParsesToExactValues() throws IOException {
    CallAnalysis analysis = CallAnalysis.fromJson(sample());

    CallAnalysis expected =
        CallAnalysis.builder()
            .callId("call_12345")
            .intent(CallAnalysisIntent.INTERESTED)
            .intentJustification(
                "The customer asks detailed questions about webhooks and data fields but makes no"
                    + " commitment to buy.")
            .qualityScore(new BigDecimal("42"))
            .addSummary(
                CallAnalysisChapter.builder()
                    .name("Introduction and Initial Discussion")
                    .summary(
                        "Both teams introduce themselves, then turn to the app's structure and the"
                            + " test run.")
                    .build(),
                CallAnalysisChapter.builder()
                    .name("Webhook Challenges and Agenda")
                    .summary(
                        "The agenda covers the demo account setup and the webhook integration"
                            + " problems.")
                    .build())
            .bant(
                CallAnalysisBant.builder()
                    .needs(
                        "\n- Webhook setup is hard because of mandatory parameters.\n- Wants clearer"
                            + " timezone handling.")
                    .objection("- Missing email notifications could confuse customers.")
                    .concernCategories("Functionality")
                    .objectionHandling(
                        "\n- The salesperson proposed adding an email id to the callback.")
                    .build())
            .addQualification(
                CallAnalysisQualification.builder()
                    .label("Needs")
                    .answer("A more flexible webhook setup and clear timezone handling.")
                    .build(),
                CallAnalysisQualification.builder()
                    .label("Objection")
                    .answer("Updates that are not emailed may confuse customers.")
                    .build(),
                CallAnalysisQualification.builder()
                    .label("Objection Handling")
                    .answer(
                        "Suggested adding an email id to the callback and checking phone numbers"
                            + " too.")
                    .build())
            .addQuality(
                CallAnalysisQualityCheck.builder()
                    .justification("The agenda was stated and the customer confirmed it.")
                    .suggestion("Keep opening calls with a clear agenda.")
                    .parameterName("Setting Context")
                    .inferenceScore(new BigDecimal("10"))
                    .parameterScore(new BigDecimal("10"))
                    .fatal(false)
                    .build(),
                CallAnalysisQualityCheck.builder()
                    .justification("The AI Audit feature was never explained.")
                    .suggestion(
                        "Explain how AI Audit catches pitch errors, helps training and flags"
                            + " compliance breaches.")
                    .parameterName("USP Audits")
                    .inferenceScore(new BigDecimal("0"))
                    .parameterScore(new BigDecimal("10"))
                    .fatal(true)
                    .build())
            .meta(
                CallAnalysisMeta.builder()
                    .source("webhook")
                    .timestamp(Instant.parse("2025-05-08T04:53:11.110Z"))
                    .build())
            .build();
    assertThat(analysis).isEqualTo(expected);
    assertThat(analysis.intent()).contains(CallAnalysisIntent.INTERESTED);
    assertThat(analysis.meta().get().timestamp())
        .contains(Instant.parse("2025-05-08T04:53:11.110Z"));
    assertThat(analysis.meta().get().metadata()).isEmpty();
  }

  @Test
  void writesBackEquivalently() throws IOException {
    CallAnalysis analysis = CallAnalysis.fromJson(sample());

    assertThat(CallAnalysis.fromJson(analysis.toJson())).isEqualTo(analysis);
    assertThat(CallAnalysis.fromJson(analysis.toJsonBytes())).isEqualTo(analysis);
  }

  @Test
  void writesOnlyPresentFieldsInDocumentOrder() {
    CallAnalysis analysis =
        CallAnalysis.builder()
            .callId("c1")
            .rawIntent("CALLBACK_LATER")
            .qualityScore(new BigDecimal("87.5"))
            .meta(
                CallAnalysisMeta.builder()
                    .source("webhook")
                    .putMetadata("crm_id", "A-9")
                    .putMetadata("priority", 3)
                    .putMetadata("vip", true)
                    .build())
            .build();

    assertThat(analysis.toJson())
        .isEqualTo(
            "{\"call_id\":\"c1\",\"intent\":\"CALLBACK_LATER\",\"quality_score\":87.5,"
                + "\"meta\":{\"source\":\"webhook\",\"crm_id\":\"A-9\",\"priority\":3,\"vip\":true}}");
  }

  @Test
  void unknownIntentKeepsItsRawValue() {
    CallAnalysis analysis =
        CallAnalysis.fromJson("{\"call_id\":\"c1\",\"intent\":\"MAYBE_LATER\"}");

    assertThat(analysis.intent()).contains(CallAnalysisIntent.UNKNOWN);
    assertThat(analysis.rawIntent()).contains("MAYBE_LATER");
  }

  @Test
  void intentIgnoresCaseAndSpaces() {
    assertThat(CallAnalysisIntent.fromWire(" not_interested "))
        .isEqualTo(CallAnalysisIntent.NOT_INTERESTED);
    assertThat(CallAnalysisIntent.fromWire("")).isEqualTo(CallAnalysisIntent.UNKNOWN);
    assertThat(CallAnalysisIntent.fromWire("UNKNOWN")).isEqualTo(CallAnalysisIntent.UNKNOWN);
  }

  @Test
  void builderRejectsUnknownIntentAndBlankCallId() {
    assertThatThrownBy(() -> CallAnalysis.builder().intent(CallAnalysisIntent.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallAnalysis.builder().callId(" ").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("callId is blank");
    assertThatThrownBy(() -> CallAnalysis.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callId");
  }

  @Test
  void metaTimestampThatIsNotIso8601IsKeptRaw() {
    CallAnalysis analysis =
        CallAnalysis.fromJson("{\"call_id\":\"c1\",\"meta\":{\"timestamp\":\"08/05/2025 04:53\"}}");

    assertThat(analysis.meta().get().rawTimestamp()).contains("08/05/2025 04:53");
    assertThat(analysis.meta().get().timestamp()).isEmpty();
  }

  @Test
  void metaTimestampWithOffsetIsConvertedToUtc() {
    CallAnalysis analysis =
        CallAnalysis.fromJson(
            "{\"call_id\":\"c1\",\"meta\":{\"timestamp\":\"2025-05-08T10:23:11+05:30\"}}");

    assertThat(analysis.meta().get().timestamp()).contains(Instant.parse("2025-05-08T04:53:11Z"));
  }

  @Test
  void metaKeepsEchoedMetadataScalarsAndDropsTheRest() {
    CallAnalysis analysis =
        CallAnalysis.fromJson(
            "{\"call_id\":\"c1\",\"meta\":{\"source\":\"webhook\",\"crm_id\":\"A-9\","
                + "\"attempt\":2,\"weight\":0.25,\"vip\":false,\"gone\":null,"
                + "\"nested\":{\"a\":1},\"list\":[1,2]}}");

    assertThat(analysis.meta().get().source()).contains("webhook");
    assertThat(analysis.meta().get().metadata())
        .containsExactly(
            java.util.Map.entry("crm_id", "A-9"),
            java.util.Map.entry("attempt", new BigDecimal("2")),
            java.util.Map.entry("weight", new BigDecimal("0.25")),
            java.util.Map.entry("vip", false));
  }

  @Test
  void metaMetadataNestedUnderItsOwnKeyIsFlattened() {
    CallAnalysis analysis =
        CallAnalysis.fromJson(
            "{\"call_id\":\"c1\",\"meta\":{\"metadata\":{\"crm_id\":\"A-9\",\"n\":5}}}");

    assertThat(analysis.meta().get().metadata())
        .containsExactly(
            java.util.Map.entry("crm_id", "A-9"), java.util.Map.entry("n", new BigDecimal("5")));
  }

  @Test
  void metaBuilderRefusesNonScalarValues() {
    assertThatThrownBy(
            () -> CallAnalysisMeta.builder().putMetadata("x", java.util.List.of()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("metadata.x must be a String, Number or Boolean");
  }

  @Test
  void numbersMayBeDecimalsOrNumericStrings() {
    CallAnalysis analysis =
        CallAnalysis.fromJson(
            "{\"call_id\":\"c1\",\"quality_score\":73.25,\"quality\":[{\"inference_score\":7.5,"
                + "\"parameter_score\":\"10\",\"is_fatal\":\"TRUE\"}]}");

    assertThat(analysis.qualityScore()).contains(new BigDecimal("73.25"));
    CallAnalysisQualityCheck check = analysis.quality().get(0);
    assertThat(check.inferenceScore()).contains(new BigDecimal("7.5"));
    assertThat(check.parameterScore()).contains(new BigDecimal("10"));
    assertThat(check.fatal()).contains(true);
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() {
    CallAnalysis analysis =
        CallAnalysis.fromJson(
            "{\"call_id\":\"c1\",\"new_top\":{\"x\":[1,{\"y\":null}]},"
                + "\"summary\":[{\"chapter_name\":\"A\",\"start_ms\":100}],"
                + "\"bant\":{\"budget\":\"none\",\"needs\":\"N\"},"
                + "\"qualification\":[{\"label\":\"L\",\"confidence\":0.9}],"
                + "\"quality\":[{\"parameter_name\":\"P\",\"weight\":2}]}");

    assertThat(analysis.summary()).containsExactly(CallAnalysisChapter.builder().name("A").build());
    assertThat(analysis.bant()).contains(CallAnalysisBant.builder().needs("N").build());
    assertThat(analysis.qualification())
        .containsExactly(CallAnalysisQualification.builder().label("L").build());
    assertThat(analysis.quality())
        .containsExactly(CallAnalysisQualityCheck.builder().parameterName("P").build());
  }

  @Test
  void callIdMayBeANumber() {
    assertThat(CallAnalysis.fromJson("{\"call_id\":12345}").callId()).isEqualTo("12345");
  }

  @Test
  void emptyAndNullElementsOfArraysAreTolerated() {
    CallAnalysis analysis =
        CallAnalysis.fromJson("{\"call_id\":\"c1\",\"summary\":[null,{}],\"quality\":[{}]}");

    assertThat(analysis.summary()).containsExactly(CallAnalysisChapter.builder().build());
    assertThat(analysis.quality()).containsExactly(CallAnalysisQualityCheck.builder().build());
  }

  @Test
  void parsingFromStringAndBytesAgree() throws IOException {
    String json = new String(sample(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(CallAnalysis.fromJson(json)).isEqualTo(CallAnalysis.fromJson(sample()));
    assertThat(CallAnalysis.fromJson("{\"call_id\":\"c1\"}").meta()).isEqualTo(Optional.empty());
  }
}
