package dev.callingest.analysis;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes {@link CallAnalysis}. Tolerant as the API promises: every field but {@code
 * call_id} may be absent, null or empty (an empty or blank string reads as absent, for arrays and
 * objects too); numbers may be integers, decimals or numeric strings; unknown names are skipped.
 */
final class CallAnalysisJson {
  private static final JsonReader.Options TOP =
      JsonReader.Options.of(
          "call_id",
          "intent",
          "intent_justification",
          "quality_score",
          "summary",
          "bant",
          "qualification",
          "quality",
          "meta");
  private static final JsonReader.Options CHAPTER =
      JsonReader.Options.of("chapter_name", "chapter_summary");
  private static final JsonReader.Options BANT =
      JsonReader.Options.of("needs", "objection", "concern_categories", "objection_handling");
  private static final JsonReader.Options QUALIFICATION = JsonReader.Options.of("label", "answer");
  private static final JsonReader.Options QUALITY =
      JsonReader.Options.of(
          "justification",
          "suggestion",
          "parameter_name",
          "inference_score",
          "parameter_score",
          "is_fatal");
  private static final JsonReader.Options META =
      JsonReader.Options.of("source", "timestamp", "metadata");

  static final JsonAdapter<CallAnalysis> ADAPTER =
      new JsonAdapter<CallAnalysis>() {
        @Override
        public CallAnalysis fromJson(JsonReader reader) throws IOException {
          return read(reader);
        }

        @Override
        public void toJson(JsonWriter writer, CallAnalysis value) throws IOException {
          write(writer, value);
        }

        @Override
        public String toString() {
          return "JsonAdapter(CallAnalysis)";
        }
      };

  private CallAnalysisJson() {}

  static CallAnalysis parse(byte[] json) {
    try {
      return Json.fromBytes(ADAPTER, json);
    } catch (JsonDataException e) {
      throw new CallAnalysisParseException(
          "callback body is not a call analysis: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new CallAnalysisParseException(
          "callback body is empty or ends before its JSON value does", e);
    } catch (IOException e) { // JsonEncodingException: not JSON at all.
      throw new CallAnalysisParseException("callback body is not valid JSON: " + e.getMessage(), e);
    }
  }

  static byte[] write(CallAnalysis analysis) {
    return Json.toBytes(ADAPTER, analysis);
  }

  // Reading.

  private static CallAnalysis read(JsonReader reader) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new JsonDataException(
          "expected a JSON object but was " + reader.peek() + " at path " + reader.getPath());
    }
    CallAnalysis.Builder builder = CallAnalysis.builder();
    String callId = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> callId = text(reader);
        case 1 -> builder.rawIntent(Optional.ofNullable(text(reader)));
        case 2 -> builder.intentJustification(Optional.ofNullable(text(reader)));
        case 3 -> builder.qualityScore(Optional.ofNullable(decimal(reader)));
        case 4 -> list(reader, r -> builder.addSummary(chapter(r)));
        case 5 -> builder.bant(Optional.ofNullable(bant(reader)));
        case 6 -> list(reader, r -> builder.addQualification(qualification(r)));
        case 7 -> list(reader, r -> builder.addQuality(qualityCheck(r)));
        case 8 -> builder.meta(Optional.ofNullable(meta(reader)));
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    if (callId == null) {
      throw new JsonDataException(
          "call_id is missing, null or blank at path $.call_id; every callback must carry one");
    }
    return builder.callId(callId).build();
  }

  private static CallAnalysisChapter chapter(JsonReader reader) throws IOException {
    CallAnalysisChapter.Builder builder = CallAnalysisChapter.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CHAPTER)) {
        case 0 -> builder.name(Optional.ofNullable(text(reader)));
        case 1 -> builder.summary(Optional.ofNullable(text(reader)));
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static @Nullable CallAnalysisBant bant(JsonReader reader) throws IOException {
    if (absentContainer(reader)) return null;
    CallAnalysisBant.Builder builder = CallAnalysisBant.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(BANT)) {
        case 0 -> builder.needs(Optional.ofNullable(text(reader)));
        case 1 -> builder.objection(Optional.ofNullable(text(reader)));
        case 2 -> builder.concernCategories(Optional.ofNullable(text(reader)));
        case 3 -> builder.objectionHandling(Optional.ofNullable(text(reader)));
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static CallAnalysisQualification qualification(JsonReader reader) throws IOException {
    CallAnalysisQualification.Builder builder = CallAnalysisQualification.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(QUALIFICATION)) {
        case 0 -> builder.label(Optional.ofNullable(text(reader)));
        case 1 -> builder.answer(Optional.ofNullable(text(reader)));
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static CallAnalysisQualityCheck qualityCheck(JsonReader reader) throws IOException {
    CallAnalysisQualityCheck.Builder builder = CallAnalysisQualityCheck.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(QUALITY)) {
        case 0 -> builder.justification(Optional.ofNullable(text(reader)));
        case 1 -> builder.suggestion(Optional.ofNullable(text(reader)));
        case 2 -> builder.parameterName(Optional.ofNullable(text(reader)));
        case 3 -> builder.inferenceScore(Optional.ofNullable(decimal(reader)));
        case 4 -> builder.parameterScore(Optional.ofNullable(decimal(reader)));
        case 5 -> builder.fatal(Optional.ofNullable(bool(reader)));
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static @Nullable CallAnalysisMeta meta(JsonReader reader) throws IOException {
    if (absentContainer(reader)) return null;
    CallAnalysisMeta.Builder builder = CallAnalysisMeta.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(META)) {
        case 0 -> builder.source(Optional.ofNullable(text(reader)));
        case 1 -> builder.rawTimestamp(Optional.ofNullable(text(reader)));
        case 2 -> {
          // The request's metadata may arrive nested under "metadata" rather than beside source.
          if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
            reader.beginObject();
            while (reader.hasNext()) metadataPair(reader, builder);
            reader.endObject();
          } else {
            putScalar(reader, "metadata", builder);
          }
        }
        default -> metadataPair(reader, builder);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static void metadataPair(JsonReader reader, CallAnalysisMeta.Builder builder)
      throws IOException {
    putScalar(reader, reader.nextName(), builder);
  }

  private static void putScalar(JsonReader reader, String name, CallAnalysisMeta.Builder builder)
      throws IOException {
    switch (reader.peek()) {
      case STRING -> builder.putMetadata(name, reader.nextString());
      case NUMBER -> builder.putMetadata(name, Decimals.parse(reader.nextString()));
      case BOOLEAN -> builder.putMetadata(name, reader.nextBoolean());
      default -> reader.skipValue(); // null, objects and arrays are not metadata values
    }
  }

  /** Reads an array of objects, skipping null elements; null or an empty string is no array. */
  private static void list(JsonReader reader, Element element) throws IOException {
    if (absentContainer(reader)) return;
    reader.beginArray();
    while (reader.hasNext()) {
      if (reader.peek() == JsonReader.Token.NULL) {
        reader.nextNull();
      } else {
        element.read(reader);
      }
    }
    reader.endArray();
  }

  /** Consumes null or a blank string standing for an array or object, and says so. */
  private static boolean absentContainer(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.NULL) {
      reader.nextNull();
      return true;
    }
    if (token == JsonReader.Token.STRING) {
      if (reader.nextString().isBlank()) return true;
      // Inside an object the path still names the member just read.
      throw new JsonDataException(
          "expected an array or object but was a non-empty string at path " + reader.getPath());
    }
    return false;
  }

  /** A string, or null for null and blank strings; numbers and booleans are read as text. */
  private static @Nullable String text(JsonReader reader) throws IOException {
    String value = Json.nextStringOrNull(reader);
    return value == null || value.isBlank() ? null : value;
  }

  // Paths are built only when throwing: every field read here is a member of an object, where the
  // path keeps naming the member after its value is read.
  private static @Nullable BigDecimal decimal(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token != JsonReader.Token.NUMBER
        && token != JsonReader.Token.STRING
        && token != JsonReader.Token.NULL) {
      throw new JsonDataException(
          "expected a number but was " + token + " at path " + reader.getPath());
    }
    String value = text(reader);
    if (value == null) return null;
    try {
      return Decimals.parse(value.trim());
    } catch (NumberFormatException e) {
      throw new JsonDataException(
          "expected a number but was a non-numeric string at path " + reader.getPath());
    }
  }

  private static @Nullable Boolean bool(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case NULL:
        return reader.nextNull();
      case BOOLEAN:
        return reader.nextBoolean();
      case STRING:
        String value = reader.nextString().trim();
        if (value.isEmpty()) return null;
        if (value.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (value.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw new JsonDataException(
            "expected a boolean but was a string at path " + reader.getPath());
      default:
        throw new JsonDataException(
            "expected a boolean but was " + reader.peek() + " at path " + reader.getPath());
    }
  }

  private static void skip(JsonReader reader) throws IOException {
    reader.skipName();
    reader.skipValue();
  }

  private interface Element {
    void read(JsonReader reader) throws IOException;
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
