package dev.callingest.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field but call_id may be missing, null or empty; each case reads as absent. */
class CallAnalysisTolerantParsingTest {
  static Stream<Arguments> optionalFields() {
    return Stream.of(
        field("intent", "\"\"", a -> a.rawIntent().isEmpty() && a.intent().isEmpty()),
        field("intent_justification", "\"\"", a -> a.intentJustification().isEmpty()),
        field("quality_score", "\"\"", a -> a.qualityScore().isEmpty()),
        field("summary", "[]", a -> a.summary().isEmpty()),
        field("bant", "\"\"", a -> a.bant().isEmpty()),
        field("qualification", "[]", a -> a.qualification().isEmpty()),
        field("quality", "[]", a -> a.quality().isEmpty()),
        field("meta", "\"\"", a -> a.meta().isEmpty()),
        nested("summary", "[{%s}]", "chapter_name", a -> a.summary().get(0).name().isEmpty()),
        nested("summary", "[{%s}]", "chapter_summary", a -> a.summary().get(0).summary().isEmpty()),
        nested("bant", "{%s}", "needs", a -> a.bant().get().needs().isEmpty()),
        nested("bant", "{%s}", "objection", a -> a.bant().get().objection().isEmpty()),
        nested(
            "bant",
            "{%s}",
            "concern_categories",
            a -> a.bant().get().concernCategories().isEmpty()),
        nested(
            "bant",
            "{%s}",
            "objection_handling",
            a -> a.bant().get().objectionHandling().isEmpty()),
        nested("qualification", "[{%s}]", "label", a -> a.qualification().get(0).label().isEmpty()),
        nested(
            "qualification", "[{%s}]", "answer", a -> a.qualification().get(0).answer().isEmpty()),
        nested(
            "quality",
            "[{%s}]",
            "justification",
            a -> a.quality().get(0).justification().isEmpty()),
        nested("quality", "[{%s}]", "suggestion", a -> a.quality().get(0).suggestion().isEmpty()),
        nested(
            "quality",
            "[{%s}]",
            "parameter_name",
            a -> a.quality().get(0).parameterName().isEmpty()),
        nested(
            "quality",
            "[{%s}]",
            "inference_score",
            a -> a.quality().get(0).inferenceScore().isEmpty()),
        nested(
            "quality",
            "[{%s}]",
            "parameter_score",
            a -> a.quality().get(0).parameterScore().isEmpty()),
        nested("quality", "[{%s}]", "is_fatal", a -> a.quality().get(0).fatal().isEmpty()),
        nested("meta", "{%s}", "source", a -> a.meta().get().source().isEmpty()),
        nested("meta", "{%s}", "timestamp", a -> a.meta().get().rawTimestamp().isEmpty()));
  }

  /** A top-level field: cases missing, null and the given empty form. */
  private static Arguments field(
      String name, String empty, Function<CallAnalysis, Boolean> absent) {
    return Arguments.of(
        name,
        new String[] {
          "{\"call_id\":\"c1\"}",
          "{\"call_id\":\"c1\",\"" + name + "\":null}",
          "{\"call_id\":\"c1\",\"" + name + "\":" + empty + "}"
        },
        absent);
  }

  /** A field inside a container: cases missing, null and empty string. */
  private static Arguments nested(
      String parent, String container, String name, Function<CallAnalysis, Boolean> absent) {
    String prefix = "{\"call_id\":\"c1\",\"" + parent + "\":";
    return Arguments.of(
        parent + "." + name,
        new String[] {
          prefix + container.formatted("") + "}",
          prefix + container.formatted("\"" + name + "\":null") + "}",
          prefix + container.formatted("\"" + name + "\":\"\"") + "}"
        },
        absent);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionalFields")
  void missingNullAndEmptyReadAsAbsent(
      String field, String[] bodies, Function<CallAnalysis, Boolean> absent) {
    for (String body : bodies) {
      CallAnalysis analysis = CallAnalysis.fromJson(body);
      assertThat(analysis.callId()).as(body).isEqualTo("c1");
      assertThat(absent.apply(analysis)).as(body).isTrue();
    }
  }
}
