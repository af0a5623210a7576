package dev.callingest.analysis;

import com.squareup.moshi.JsonWriter;
import dev.callingest.analysis.internal.UnexpectedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import okio.Buffer;

/**
 * Parses a callback body (through {@link CallAnalysisReader}) and writes a {@link CallAnalysis} as
 * the API sends it (through Moshi: writing is not on a hot path).
 */
final class CallAnalysisJson {
  private CallAnalysisJson() {}

  static CallAnalysis parse(byte[] json) {
    try {
      return CallAnalysisReader.read(json);
    } catch (UnexpectedJsonException e) {
      throw new CallAnalysisParseException(
          "callback body is not a call analysis: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new CallAnalysisParseException(
          "callback body is empty or ends before its JSON value does", e);
    } catch (IOException e) { // MalformedJsonException: not JSON at all.
      throw new CallAnalysisParseException("callback body is not valid JSON: " + e.getMessage(), e);
    }
  }

  static byte[] write(CallAnalysis analysis) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      write(writer, analysis);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A Buffer never fails.
    }
    return buffer.readByteArray();
  }

  // Writing.

  private static void write(JsonWriter writer, CallAnalysis analysis) throws IOException {
    writer.beginObject();
    writer.name("call_id").value(analysis.callId());
    string(writer, "intent", analysis.rawIntent());
    string(writer, "intent_justification", analysis.intentJustification());
    number(writer, "quality_score", analysis.qualityScore());
    if (!analysis.summary().isEmpty()) {
      writer.name("summary").beginArray();
      for (CallAnalysisChapter chapter : analysis.summary()) {
        writer.beginObject();
        string(writer, "chapter_name", chapter.name());
        string(writer, "chapter_summary", chapter.summary());
        writer.endObject();
      }
      writer.endArray();
    }
    if (analysis.bant().isPresent()) {
      CallAnalysisBant bant = analysis.bant().get();
      writer.name("bant").beginObject();
      string(writer, "needs", bant.needs());
      string(writer, "objection", bant.objection());
      string(writer, "concern_categories", bant.concernCategories());
      string(writer, "objection_handling", bant.objectionHandling());
      writer.endObject();
    }
    if (!analysis.qualification().isEmpty()) {
      writer.name("qualification").beginArray();
      for (CallAnalysisQualification entry : analysis.qualification()) {
        writer.beginObject();
        string(writer, "label", entry.label());
        string(writer, "answer", entry.answer());
        writer.endObject();
      }
      writer.endArray();
    }
    if (!analysis.quality().isEmpty()) {
      writer.name("quality").beginArray();
      for (CallAnalysisQualityCheck check : analysis.quality()) {
        writer.beginObject();
        string(writer, "justification", check.justification());
        string(writer, "suggestion", check.suggestion());
        string(writer, "parameter_name", check.parameterName());
        number(writer, "inference_score", check.inferenceScore());
        number(writer, "parameter_score", check.parameterScore());
        if (check.fatal().isPresent()) writer.name("is_fatal").value(check.fatal().get());
        writer.endObject();
      }
      writer.endArray();
    }
    if (analysis.meta().isPresent()) writeMeta(writer, analysis.meta().get());
    writer.endObject();
  }

  private static void writeMeta(JsonWriter writer, CallAnalysisMeta meta) throws IOException {
    writer.name("meta").beginObject();
    string(writer, "source", meta.source());
    string(writer, "timestamp", meta.rawTimestamp());
    for (Map.Entry<String, Object> entry : meta.metadata().entrySet()) {
      writer.name(entry.getKey());
      Object value = entry.getValue();
      if (value instanceof Boolean) {
        writer.value((Boolean) value);
      } else if (value instanceof Number) {
        writer.value((Number) value);
      } else {
        writer.value((String) value);
      }
    }
    writer.endObject();
  }

  private static void string(JsonWriter writer, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) writer.name(name).value(value.get());
  }

  private static void number(JsonWriter writer, String name, Optional<BigDecimal> value)
      throws IOException {
    if (value.isPresent()) writer.name(name).value(value.get());
  }
}
