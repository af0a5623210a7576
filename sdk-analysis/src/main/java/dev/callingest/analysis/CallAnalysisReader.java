package dev.callingest.analysis;

import dev.callingest.analysis.internal.JsonBytesReader;
import dev.callingest.analysis.internal.JsonBytesReader.Names;
import dev.callingest.analysis.internal.JsonBytesReader.Token;
import dev.callingest.analysis.internal.UnexpectedJsonException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a callback body into a {@link CallAnalysis}, straight from its bytes (see "JSON on the hot
 * paths" in docs/architecture.md). Tolerant as the API promises: every field but {@code call_id}
 * may be absent, null or empty (an empty or blank string reads as absent, for arrays and objects
 * too); numbers may be integers, decimals or numeric strings; unknown names are skipped.
 *
 * <p>A document uses one builder per element type, reused for every element of that type: a
 * builder's {@code build()} copies its fields into the new value, so the builder can be refilled,
 * and {@link #chapter} and its siblings reset every field to absent before reading an element, so
 * that nothing of the previous element survives into the next. Fields are handed to the builders as
 * plain values (no {@code Optional} per field). The documented intents are shared instances.
 */
final class CallAnalysisReader {
  private static final Names TOP =
      Names.of(
          "call_id",
          "intent",
          "intent_justification",
          "quality_score",
          "summary",
          "bant",
          "qualification",
          "quality",
          "meta");
  private static final Names CHAPTER = Names.of("chapter_name", "chapter_summary");
  private static final Names BANT =
      Names.of("needs", "objection", "concern_categories", "objection_handling");
  private static final Names QUALIFICATION = Names.of("label", "answer");
  private static final Names QUALITY =
      Names.of(
          "justification",
          "suggestion",
          "parameter_name",
          "inference_score",
          "parameter_score",
          "is_fatal");
  private static final Names META = Names.of("source", "timestamp", "metadata");
  private static final Names INTENTS = Names.of("INTERESTED", "NOT_INTERESTED");

  private CallAnalysisReader() {}

  /**
   * Reads one document.
   *
   * @throws java.io.EOFException if the bytes end before the JSON value does
   * @throws UnexpectedJsonException if the JSON is not a call analysis
   * @throws IOException if the bytes are not JSON
   */
  static CallAnalysis read(byte[] json) throws IOException {
    JsonBytesReader reader = new JsonBytesReader(json);
    CallAnalysis value = analysis(reader);
    reader.endDocument();
    return value;
  }

  private static CallAnalysis analysis(JsonBytesReader reader) throws IOException {
    if (reader.peek() != Token.BEGIN_OBJECT) {
      throw new UnexpectedJsonException(
          "expected a JSON object but was " + reader.peek() + " at path " + reader.getPath());
    }
    CallAnalysis.Builder builder = CallAnalysis.builder();
    CallAnalysisChapter.Builder chapter = null;
    CallAnalysisQualification.Builder qualification = null;
    CallAnalysisQualityCheck.Builder check = null;
    String callId = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> callId = text(reader);
        case 1 -> {
          String intent = text(reader, INTENTS);
          if (intent != null) builder.rawIntent(intent);
        }
        case 2 -> {
          String justification = text(reader);
          if (justification != null) builder.intentJustification(justification);
        }
        case 3 -> {
          BigDecimal score = decimal(reader);
          if (score != null) builder.qualityScore(score);
        }
        case 4 -> {
          if (beginList(reader)) {
            if (chapter == null) chapter = CallAnalysisChapter.builder();
            while (nextElement(reader)) builder.addSummary(chapter(reader, chapter));
            reader.endArray();
          }
        }
        case 5 -> {
          CallAnalysisBant bant = bant(reader);
          if (bant != null) builder.bant(bant);
        }
        case 6 -> {
          if (beginList(reader)) {
            if (qualification == null) qualification = CallAnalysisQualification.builder();
            while (nextElement(reader)) {
              builder.addQualification(qualification(reader, qualification));
            }
            reader.endArray();
          }
        }
        case 7 -> {
          if (beginList(reader)) {
            if (check == null) check = CallAnalysisQualityCheck.builder();
            while (nextElement(reader)) builder.addQuality(qualityCheck(reader, check));
            reader.endArray();
          }
        }
        case 8 -> {
          CallAnalysisMeta meta = meta(reader);
          if (meta != null) builder.meta(meta);
        }
        default -> skip(reader);
      }
    }
    reader.endObject();
    if (callId == null) {
      throw new UnexpectedJsonException(
          "call_id is missing, null or blank at path $.call_id; every callback must carry one");
    }
    return builder.callId(callId).build();
  }

  private static CallAnalysisChapter chapter(
      JsonBytesReader reader, CallAnalysisChapter.Builder builder) throws IOException {
    builder.name(Optional.empty()).summary(Optional.empty()); // reused: clear the last element
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CHAPTER)) {
        case 0 -> {
          String name = text(reader);
          if (name != null) builder.name(name);
        }
        case 1 -> {
          String summary = text(reader);
          if (summary != null) builder.summary(summary);
        }
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static @Nullable CallAnalysisBant bant(JsonBytesReader reader) throws IOException {
    if (absentContainer(reader)) return null;
    CallAnalysisBant.Builder builder = CallAnalysisBant.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      int index = reader.selectName(BANT);
      if (index < 0) {
        skip(reader);
        continue;
      }
      String value = text(reader);
      if (value == null) continue;
      switch (index) {
        case 0 -> builder.needs(value);
        case 1 -> builder.objection(value);
        case 2 -> builder.concernCategories(value);
        default -> builder.objectionHandling(value);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static CallAnalysisQualification qualification(
      JsonBytesReader reader, CallAnalysisQualification.Builder builder) throws IOException {
    builder.label(Optional.empty()).answer(Optional.empty()); // reused: clear the last element
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(QUALIFICATION)) {
        case 0 -> {
          String label = text(reader);
          if (label != null) builder.label(label);
        }
        case 1 -> {
          String answer = text(reader);
          if (answer != null) builder.answer(answer);
        }
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static CallAnalysisQualityCheck qualityCheck(
      JsonBytesReader reader, CallAnalysisQualityCheck.Builder builder) throws IOException {
    // Reused: clear every field of the last element (Optional.empty() is a shared instance).
    builder
        .justification(Optional.empty())
        .suggestion(Optional.empty())
        .parameterName(Optional.empty())
        .inferenceScore(Optional.empty())
        .parameterScore(Optional.empty())
        .fatal(Optional.empty());
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(QUALITY)) {
        case 0 -> {
          String justification = text(reader);
          if (justification != null) builder.justification(justification);
        }
        case 1 -> {
          String suggestion = text(reader);
          if (suggestion != null) builder.suggestion(suggestion);
        }
        case 2 -> {
          String name = text(reader);
          if (name != null) builder.parameterName(name);
        }
        case 3 -> {
          BigDecimal score = decimal(reader);
          if (score != null) builder.inferenceScore(score);
        }
        case 4 -> {
          BigDecimal score = decimal(reader);
          if (score != null) builder.parameterScore(score);
        }
        case 5 -> {
          Boolean fatal = bool(reader);
          if (fatal != null) builder.fatal(fatal);
        }
        default -> skip(reader);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static @Nullable CallAnalysisMeta meta(JsonBytesReader reader) throws IOException {
    if (absentContainer(reader)) return null;
    CallAnalysisMeta.Builder builder = CallAnalysisMeta.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(META)) {
        case 0 -> {
          String source = text(reader);
          if (source != null) builder.source(source);
        }
        case 1 -> {
          String timestamp = text(reader);
          if (timestamp != null) builder.rawTimestamp(timestamp);
        }
        case 2 -> {
          // The request's metadata may arrive nested under "metadata" rather than beside source.
          if (reader.peek() == Token.BEGIN_OBJECT) {
            reader.beginObject();
            while (reader.hasNext()) putScalar(reader, reader.nextName(), builder);
            reader.endObject();
          } else {
            putScalar(reader, "metadata", builder);
          }
        }
        default -> putScalar(reader, reader.nextName(), builder);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private static void putScalar(
      JsonBytesReader reader, String name, CallAnalysisMeta.Builder builder) throws IOException {
    switch (reader.peek()) {
      case STRING -> builder.putMetadata(name, reader.nextString());
      case NUMBER -> builder.putMetadata(name, reader.nextDecimal());
      case BOOLEAN -> builder.putMetadata(name, reader.nextBoolean());
      default -> reader.skipValue(); // null, objects and arrays are not metadata values
    }
  }

  /** Begins an array of objects; false for null or an empty string, which stand for none. */
  private static boolean beginList(JsonBytesReader reader) throws IOException {
    if (absentContainer(reader)) return false;
    reader.beginArray();
    return true;
  }

  /** Whether the array has another element, skipping null elements. */
  private static boolean nextElement(JsonBytesReader reader) throws IOException {
    while (reader.hasNext()) {
      if (reader.peek() != Token.NULL) return true;
      reader.nextNull();
    }
    return false;
  }

  /** Consumes null or a blank string standing for an array or object, and says so. */
  private static boolean absentContainer(JsonBytesReader reader) throws IOException {
    Token token = reader.peek();
    if (token == Token.NULL) {
      reader.nextNull();
      return true;
    }
    if (token == Token.STRING) {
      if (reader.nextString().isBlank()) return true;
      // Inside an object the path still names the member just read.
      throw new UnexpectedJsonException(
          "expected an array or object but was a non-empty string at path " + reader.getPath());
    }
    return false;
  }

  /** A string, or null for null and blank strings; numbers and booleans are read as text. */
  private static @Nullable String text(JsonBytesReader reader) throws IOException {
    return text(reader, NONE);
  }

  private static final Names NONE = Names.of();

  /** As {@link #text(JsonBytesReader)}, sharing the instances of {@code known} values. */
  private static @Nullable String text(JsonBytesReader reader, Names known) throws IOException {
    String value;
    switch (reader.peek()) {
      case NULL -> {
        return reader.nextNull();
      }
      case BOOLEAN -> value = reader.nextBoolean() ? "true" : "false";
      default -> value = reader.nextString(known);
    }
    return value.isBlank() ? null : value;
  }

  // Paths are built only when throwing: every field read here is a member of an object, where the
  // path keeps naming the member after its value is read.
  private static @Nullable BigDecimal decimal(JsonBytesReader reader) throws IOException {
    Token token = reader.peek();
    if (token == Token.NUMBER) return reader.nextDecimal();
    if (token != Token.STRING && token != Token.NULL) {
      throw new UnexpectedJsonException(
          "expected a number but was " + token + " at path " + reader.getPath());
    }
    String value = text(reader);
    if (value == null) return null;
    try {
      return Decimals.parse(value.trim());
    } catch (NumberFormatException e) {
      throw new UnexpectedJsonException(
          "expected a number but was a non-numeric string at path " + reader.getPath());
    }
  }

  private static @Nullable Boolean bool(JsonBytesReader reader) throws IOException {
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
        throw new UnexpectedJsonException(
            "expected a boolean but was a string at path " + reader.getPath());
      default:
        throw new UnexpectedJsonException(
            "expected a boolean but was " + reader.peek() + " at path " + reader.getPath());
    }
  }

  private static void skip(JsonBytesReader reader) throws IOException {
    reader.skipName();
    reader.skipValue();
  }
}
