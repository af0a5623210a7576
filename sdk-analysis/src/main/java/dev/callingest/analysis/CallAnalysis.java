package dev.callingest.analysis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The analysis of one processed call, as the Partner API posts it to the item's callback URL.
 *
 * <p>Only {@link #callId()} is guaranteed: the API may leave any other field out, send it as {@code
 * null} or empty, so every other accessor is an {@link Optional} or a possibly empty collection.
 * Parsing ignores fields it does not know and accepts scores written as integers or decimals.
 *
 * <pre>{@code
 * CallAnalysis analysis = CallAnalysis.fromJson(body);
 * analysis.intent().ifPresent(intent -> crm.updateIntent(analysis.callId(), intent));
 * }</pre>
 *
 * <p>To tell a genuine callback from a forged one, receive it with the {@code
 * callingest-callback-receiver} module rather than parsing the body directly.
 */
@Value.Immutable
public abstract class CallAnalysis {
  CallAnalysis() {}

  /**
   * The call's id, the {@code call.id} sent in the request. Never blank.
   *
   * @return the call id
   */
  public abstract String callId();

  /**
   * The intent exactly as the API wrote it, such as {@code "INTERESTED"}; see {@link #intent()} for
   * the typed value.
   *
   * @return the raw intent, absent when the API sent none
   */
  public abstract Optional<String> rawIntent();

  /**
   * The customer's detected intent. A value this version does not know is {@link
   * CallAnalysisIntent#UNKNOWN}; {@link #rawIntent()} still holds it.
   *
   * @return the intent, absent when the API sent none
   */
  public final Optional<CallAnalysisIntent> intent() {
    return rawIntent().map(CallAnalysisIntent::fromWire);
  }

  /**
   * Why the analysis chose that intent.
   *
   * @return the justification, absent when the API sent none
   */
  public abstract Optional<String> intentJustification();

  /**
   * The call's overall quality score, from 0 to 100; it may have a fractional part.
   *
   * @return the score, absent when the API sent none
   */
  public abstract Optional<BigDecimal> qualityScore();

  /**
   * The call's summary, one chapter per segment of the conversation, in the API's order.
   *
   * @return the chapters, empty when the API sent none
   */
  public abstract List<CallAnalysisChapter> summary();

  /**
   * The BANT qualification (needs, objection, concern categories, objection handling).
   *
   * @return the BANT block, absent when the API sent none
   */
  public abstract Optional<CallAnalysisBant> bant();

  /**
   * Qualification answers, each under a label such as {@code "Needs"}.
   *
   * @return the entries, empty when the API sent none
   */
  public abstract List<CallAnalysisQualification> qualification();

  /**
   * Per-parameter quality checks, used for coaching.
   *
   * @return the checks, empty when the API sent none
   */
  public abstract List<CallAnalysisQualityCheck> quality();

  /**
   * Where the callback came from, when it was produced, and the metadata echoed from the request.
   *
   * @return the meta block, absent when the API sent none
   */
  public abstract Optional<CallAnalysisMeta> meta();

  @Value.Check
  void check() {
    if (callId().isBlank()) throw new IllegalStateException("callId is blank");
  }

  /**
   * Parses a callback body.
   *
   * @param json the body's UTF-8 bytes
   * @return the analysis
   * @throws CallAnalysisParseException when the body is not JSON, a field has the wrong type, or
   *     {@code call_id} is missing or blank; the message names the JSON path
   */
  public static CallAnalysis fromJson(byte[] json) {
    Objects.requireNonNull(json, "json == null");
    return CallAnalysisJson.parse(json);
  }

  /**
   * Parses a callback body.
   *
   * @param json the body
   * @return the analysis
   * @throws CallAnalysisParseException when the body is not JSON, a field has the wrong type, or
   *     {@code call_id} is missing or blank; the message names the JSON path
   */
  public static CallAnalysis fromJson(String json) {
    Objects.requireNonNull(json, "json == null");
    return CallAnalysisJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes this analysis as the API would send it: absent fields are left out, meta's echoed
   * metadata follows {@code source} and {@code timestamp}. Useful to produce test callbacks.
   *
   * @return compact JSON
   */
  public final String toJson() {
    return new String(toJsonBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Writes this analysis as {@link #toJson()} does, as UTF-8 bytes.
   *
   * @return compact UTF-8 JSON
   */
  public final byte[] toJsonBytes() {
    return CallAnalysisJson.write(this);
  }

  /**
   * Starts a builder; {@code callId} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds a {@link CallAnalysis}. */
  public static final class Builder extends ImmutableCallAnalysis.Builder {
    Builder() {}

    /**
     * Sets the intent from a known value; same as {@code rawIntent(intent.name())}.
     *
     * @param intent a known intent, not {@link CallAnalysisIntent#UNKNOWN}
     * @return this builder
     */
    public Builder intent(CallAnalysisIntent intent) {
      Objects.requireNonNull(intent, "intent == null");
      if (intent == CallAnalysisIntent.UNKNOWN) {
        throw new IllegalArgumentException("UNKNOWN has no wire value: use rawIntent(String)");
      }
      return rawIntent(intent.name());
    }
  }
}
