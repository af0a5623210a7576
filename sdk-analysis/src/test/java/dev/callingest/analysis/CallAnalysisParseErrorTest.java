package dev.callingest.analysis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallAnalysisParseErrorTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"call_id\":null}",
        "{\"call_id\":\"\"}",
        "{\"call_id\":\"   \"}",
        "{\"intent\":\"INTERESTED\",\"quality_score\":42}"
      })
  void missingOrBlankCallIdIsRejectedNamingTheField(String body) {
    assertThatThrownBy(() -> CallAnalysis.fromJson(body))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessage(
            "callback body is not a call analysis: call_id is missing, null or blank at path"
                + " $.call_id; every callback must carry one");
  }

  @Test
  void malformedJsonIsRejected() {
    assertThatThrownBy(() -> CallAnalysis.fromJson("{\"call_id\":\"c1\","))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessageStartingWith("callback body is");
    assertThatThrownBy(() -> CallAnalysis.fromJson("call_id=c1"))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessageStartingWith("callback body is not valid JSON");
    assertThatThrownBy(() -> CallAnalysis.fromJson(""))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessage("callback body is empty or ends before its JSON value does");
  }

  @Test
  void topLevelMustBeAnObject() {
    assertThatThrownBy(() -> CallAnalysis.fromJson("[{\"call_id\":\"c1\"}]"))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessage(
            "callback body is not a call analysis: expected a JSON object but was BEGIN_ARRAY at"
                + " path $");
  }

  @Test
  void trailingContentIsRejected() {
    assertThatThrownBy(() -> CallAnalysis.fromJson("{\"call_id\":\"c1\"} {}"))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessageStartingWith("callback body is not valid JSON");
  }

  @Test
  void wrongTypesNameTheirPathWithoutQuotingTheBody() {
    assertThatThrownBy(
            () -> CallAnalysis.fromJson("{\"call_id\":\"c1\",\"quality_score\":\"high\"}"))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessage(
            "callback body is not a call analysis: expected a number but was a non-numeric string"
                + " at path $.quality_score");
    assertThatThrownBy(
            () ->
                CallAnalysis.fromJson("{\"call_id\":\"c1\",\"quality\":[{\"is_fatal\":\"yes\"}]}"))
        .hasMessage(
            "callback body is not a call analysis: expected a boolean but was a string at path"
                + " $.quality[0].is_fatal");
    assertThatThrownBy(() -> CallAnalysis.fromJson("{\"call_id\":\"c1\",\"summary\":\"secret\"}"))
        .hasMessage(
            "callback body is not a call analysis: expected an array or object but was a non-empty"
                + " string at path $.summary")
        .hasMessageNotContaining("secret\"");
    assertThatThrownBy(
            () -> CallAnalysis.fromJson("{\"call_id\":\"c1\",\"summary\":[{\"chapter_name\":{}}]}"))
        .isInstanceOf(CallAnalysisParseException.class)
        .hasMessageContaining("$.summary[0].chapter_name");
  }
}
