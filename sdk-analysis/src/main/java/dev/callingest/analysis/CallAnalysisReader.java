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
 * <p>One instance reads one document. It keeps one builder per element type and reuses it for every
 * element of that type: a builder's {@code build()} copies its fields into the new value, so the
 * builder can be refilled, and {@link #chapter()} and its siblings reset every field to absent
 * before reading an element, so that nothing of the previous element survives into the next. Fields
 * are handed to the builders as plain values (no {@code Optional} per field).
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

  private final JsonBytesReader reader;
  private CallAnalysisChapter.@Nullable Builder chapter;
  private CallAnalysisQualification.@Nullable Builder qualification;
  private CallAnalysisQualityCheck.@Nullable Builder check;

  private CallAnalysisReader(byte[] json) {
    this.reader = new JsonBytesReader(json);
  }

  /**
   * Reads one document.
   *
   * @throws java.io.EOFException if the bytes end before the JSON value does
   * @throws UnexpectedJsonException if the JSON is not a call analysis
   * @throws IOException if the bytes are not JSON
   */
  static CallAnalysis read(byte[] json) throws IOException {
    CallAnalysisReader analysis = new CallAnalysisReader(json);
    CallAnalysis value = analysis.analysis();
    analysis.reader.endDocument();
    return value;
  }

  private CallAnalysis analysis() throws IOException {
    if (reader.peek() != Token.BEGIN_OBJECT) {
      throw new UnexpectedJsonException(
          "expected a JSON object but was " + reader.peek() + " at path " + reader.getPath());
    }
    CallAnalysis.Builder builder = CallAnalysis.builder();
    String callId = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> callId = text();
        case 1 -> {
          String intent = text();
          if (intent != null) builder.rawIntent(intent);
        }
        case 2 -> {
          String justification = text();
          if (justification != null) builder.intentJustification(justification);
        }
        case 3 -> {
          BigDecimal score = decimal();
          if (score != null) builder.qualityScore(score);
        }
        case 4 -> {
          if (beginList()) {
            while (nextElement()) builder.addSummary(chapter());
            reader.endArray();
          }
        }
        case 5 -> {
          CallAnalysisBant bant = bant();
          if (bant != null) builder.bant(bant);
        }
        case 6 -> {
          if (beginList()) {
            while (nextElement()) builder.addQualification(qualification());
            reader.endArray();
          }
        }
        case 7 -> {
          if (beginList()) {
            while (nextElement()) builder.addQuality(qualityCheck());
            reader.endArray();
          }
        }
        case 8 -> {
          CallAnalysisMeta meta = meta();
          if (meta != null) builder.meta(meta);
        }
        default -> skip();
      }
    }
    reader.endObject();
    if (callId == null) {
      throw new UnexpectedJsonException(
          "call_id is missing, null or blank at path $.call_id; every callback must carry one");
    }
    return builder.callId(callId).build();
  }

  private CallAnalysisChapter chapter() throws IOException {
    CallAnalysisChapter.Builder builder = chapter;
    if (builder == null) builder = chapter = CallAnalysisChapter.builder();
    builder.name(Optional.empty()).summary(Optional.empty()); // reused: clear the last element
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CHAPTER)) {
        case 0 -> {
          String name = text();
          if (name != null) builder.name(name);
        }
        case 1 -> {
          String summary = text();
          if (summary != null) builder.summary(summary);
        }
        default -> skip();
      }
    }
    reader.endObject();
    return builder.build();
  }

  private @Nullable CallAnalysisBant bant() throws IOException {
    if (absentContainer()) return null;
    CallAnalysisBant.Builder builder = CallAnalysisBant.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      int index = reader.selectName(BANT);
      if (index < 0) {
        skip();
        continue;
      }
      String value = text();
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

  private CallAnalysisQualification qualification() throws IOException {
    CallAnalysisQualification.Builder builder = qualification;
    if (builder == null) builder = qualification = CallAnalysisQualification.builder();
    builder.label(Optional.empty()).answer(Optional.empty()); // reused: clear the last element
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(QUALIFICATION)) {
        case 0 -> {
          String label = text();
          if (label != null) builder.label(label);
        }
        case 1 -> {
          String answer = text();
          if (answer != null) builder.answer(answer);
        }
        default -> skip();
      }
    }
    reader.endObject();
    return builder.build();
  }

  private CallAnalysisQualityCheck qualityCheck() throws IOException {
    CallAnalysisQualityCheck.Builder builder = check;
    if (builder == null) builder = check = CallAnalysisQualityCheck.builder();
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
          String justification = text();
          if (justification != null) builder.justification(justification);
        }
        case 1 -> {
          String suggestion = text();
          if (suggestion != null) builder.suggestion(suggestion);
        }
        case 2 -> {
          String name = text();
          if (name != null) builder.parameterName(name);
        }
        case 3 -> {
          BigDecimal score = decimal();
          if (score != null) builder.inferenceScore(score);
        }
        case 4 -> {
          BigDecimal score = decimal();
          if (score != null) builder.parameterScore(score);
        }
        case 5 -> {
          Boolean fatal = bool();
          if (fatal != null) builder.fatal(fatal);
        }
        default -> skip();
      }
    }
    reader.endObject();
    return builder.build();
  }

  private @Nullable CallAnalysisMeta meta() throws IOException {
    if (absentContainer()) return null;
    CallAnalysisMeta.Builder builder = CallAnalysisMeta.builder();
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(META)) {
        case 0 -> {
          String source = text();
          if (source != null) builder.source(source);
        }
        case 1 -> {
          String timestamp = text();
          if (timestamp != null) builder.rawTimestamp(timestamp);
        }
        case 2 -> {
          // The request's metadata may arrive nested under "metadata" rather than beside source.
          if (reader.peek() == Token.BEGIN_OBJECT) {
            reader.beginObject();
            while (reader.hasNext()) putScalar(reader.nextName(), builder);
            reader.endObject();
          } else {
            putScalar("metadata", builder);
          }
        }
        default -> putScalar(reader.nextName(), builder);
      }
    }
    reader.endObject();
    return builder.build();
  }

  private void putScalar(String name, CallAnalysisMeta.Builder builder) throws IOException {
    switch (reader.peek()) {
      case STRING -> builder.putMetadata(name, reader.nextString());
      case NUMBER -> builder.putMetadata(name, reader.nextDecimal());
      case BOOLEAN -> builder.putMetadata(name, reader.nextBoolean());
      default -> reader.skipValue(); // null, objects and arrays are not metadata values
    }
  }

  /** Begins an array of objects; false for null or an empty string, which stand for none. */
  private boolean beginList() throws IOException {
    if (absentContainer()) return false;
    reader.beginArray();
    return true;
  }

  /** Whether the array has another element, skipping null elements. */
  private boolean nextElement() throws IOException {
    while (reader.hasNext()) {
      if (reader.peek() != Token.NULL) return true;
      reader.nextNull();
    }
    return false;
  }

  /** Consumes null or a blank string standing for an array or object, and says so. */
  private boolean absentContainer() throws IOException {
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
  private @Nullable String text() throws IOException {
    String value;
    switch (reader.peek()) {
      case NULL -> {
        return reader.nextNull();
      }
      case BOOLEAN -> value = reader.nextBoolean() ? "true" : "false";
      default -> value = reader.nextString();
    }
    return value.isBlank() ? null : value;
  }

  // Paths are built only when throwing: every field read here is a member of an object, where the
  // path keeps naming the member after its value is read.
  private @Nullable BigDecimal decimal() throws IOException {
    Token token = reader.peek();
    if (token == Token.NUMBER) return reader.nextDecimal();
    if (token != Token.STRING && token != Token.NULL) {
      throw new UnexpectedJsonException(
          "expected a number but was " + token + " at path " + reader.getPath());
    }
    String value = text();
    if (value == null) return null;
    try {
      return Decimals.parse(value.trim());
    } catch (NumberFormatException e) {
      throw new UnexpectedJsonException(
          "expected a number but was a non-numeric string at path " + reader.getPath());
    }
  }

  private @Nullable Boolean bool() throws IOException {
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

  private void skip() throws IOException {
    reader.skipName();
    reader.skipValue();
  }
}
