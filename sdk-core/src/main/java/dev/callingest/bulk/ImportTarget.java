package dev.callingest.bulk;

import dev.callingest.CallingestException;
import dev.callingest.Violation;
import dev.callingest.internal.ModelStyle;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.RecordingPreflight;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * What the importer needs to know of one API: how to identify, check, measure and submit its calls.
 * The SDK supplies one for each API behind {@code UploadClient.importer()} and {@code
 * PartnerClient.importer()}; implement it yourself only to import into something else.
 *
 * @param <C> the API's call type
 */
public interface ImportTarget<C> {
  /**
   * {@return the caller's id of the call (external id or call id), unique within an import}
   *
   * @param call the call
   */
  String idOf(C call);

  /**
   * Checks one call against every rule the API documents for a call on its own.
   *
   * @param call the call
   * @return the violations, empty when the call is valid
   */
  List<Violation> validate(C call);

  /** {@return the most calls one batch may hold} */
  int maxBatchSize();

  /**
   * {@return the largest request body in bytes, or {@link Long#MAX_VALUE} when there is no limit}
   */
  long maxBatchBytes();

  /**
   * {@return the exact number of bytes the call adds to a batch's request body, or 0 when the API
   * has no byte limit}
   *
   * @param call the call
   */
  long encodedSize(C call);

  /**
   * {@return the bytes of a batch body around its calls (the envelope and separators), at most}
   *
   * @param calls how many calls the batch holds
   */
  default long envelopeBytes(int calls) {
    return 64 + calls;
  }

  /**
   * {@return whether the API de-duplicates calls by id, so that sending a call twice is harmless}
   */
  boolean deduplicatesById();

  /**
   * {@return whether the client behind this target may send a submission again after an attempt
   * that may have been processed, as {@code ClientOptions.retryInDoubtRequests} says} For an API
   * that does not de-duplicate, the importer's default {@link DeliveryMode} follows it ({@link
   * DeliveryMode#AT_MOST_ONCE} when false), and an explicit {@link DeliveryMode#AT_LEAST_ONCE} is
   * refused when it is false. Default true.
   */
  default boolean clientRetriesInDoubt() {
    return true;
  }

  /**
   * {@return the calls per second the client's pacing lets through in the long run, with batches of
   * {@code batchSize}, when it paces} The importer's time-left estimate never goes below what this
   * rate allows.
   *
   * @param batchSize the importer's batch size
   */
  default OptionalDouble pacedCallsPerSecond(int batchSize) {
    return OptionalDouble.empty();
  }

  /**
   * {@return the batch size the importer uses unless told otherwise} Default: 50, or the maximum.
   */
  default int defaultBatchSize() {
    return Math.min(50, maxBatchSize());
  }

  /** {@return how many batches the importer submits at once unless told otherwise} Default 2. */
  default int defaultConcurrency() {
    return 2;
  }

  /**
   * {@return whether the importer waits for each batch's processing unless told otherwise} Default
   * false.
   */
  default boolean waitsForProcessingByDefault() {
    return false;
  }

  /**
   * {@return the client's sliding-window limits, when it paces} The preflight's send-time estimate
   * reads them.
   */
  default Optional<PacingLimits> pacingLimits() {
    return Optional.empty();
  }

  /**
   * The limits a pacing client keeps within any sliding window. An Immutables value, like every
   * public value type, so that a limit can be added without breaking an implementation.
   */
  @Value.Immutable
  @ModelStyle
  abstract class PacingLimits {
    PacingLimits() {}

    /** {@return the most calls per window, if limited} */
    public abstract OptionalLong calls();

    /** {@return the most batches (requests) per window, if limited} */
    public abstract OptionalLong batches();

    /** {@return the window's length} */
    public abstract Duration window();

    /**
     * Creates the limits.
     *
     * @param calls the most calls per window, if limited
     * @param batches the most batches (requests) per window, if limited
     * @param window the window's length
     * @return the limits
     */
    public static PacingLimits of(OptionalLong calls, OptionalLong batches, Duration window) {
      return ImmutablePacingLimits.builder().calls(calls).batches(batches).window(window).build();
    }
  }

  /**
   * {@return the client's limit of batches in flight, when it has one: a batch the importer does
   * not wait for holds its slot until the expiry has passed}
   */
  default Optional<InFlightLimit> inFlightLimit() {
    return Optional.empty();
  }

  /** A limit of batches in flight. An Immutables value. */
  @Value.Immutable
  @ModelStyle
  abstract class InFlightLimit {
    InFlightLimit() {}

    /** {@return the most batches in flight at once} */
    public abstract int batches();

    /** {@return how long a batch holds its slot when no one sees it finish} */
    public abstract Duration expiry();

    /**
     * Creates the limit.
     *
     * @param batches the most batches in flight at once
     * @param expiry how long a batch holds its slot when no one sees it finish
     * @return the limit
     */
    public static InFlightLimit of(int batches, Duration expiry) {
      return ImmutableInFlightLimit.builder().batches(batches).expiry(expiry).build();
    }
  }

  /**
   * {@return the URL the API will fetch the call's recording from, or {@code null} when the call
   * has none; only read when the import runs a {@linkplain BulkImporter.Builder#preflight
   * preflight}}
   *
   * @param call the call
   */
  default @Nullable String recordingUrl(C call) {
    return null;
  }

  /**
   * {@return the preflight with this API's rules (formats, size limit)}
   *
   * @param options the settings
   */
  default RecordingPreflight recordingPreflight(PreflightOptions options) {
    return RecordingPreflight.forPartnerApi(options);
  }

  /**
   * Submits one batch, blocking while the client's pacing requires it.
   *
   * @param batch the calls, each valid and together within the limits
   * @param idempotencyKey the key to send on every attempt of this submission
   * @param resendInDoubt whether the client may send the batch again after an attempt that may have
   *     been processed; when false it must stop at such an attempt and throw
   * @return the batch id when the API gives one, and whether an earlier attempt may also have been
   *     processed
   * @throws CallingestException when the API refuses the batch or retries run out; its {@link
   *     CallingestException#possiblyProcessed()} must say whether any attempt may have been
   *     processed
   */
  Submitted submit(List<C> batch, String idempotencyKey, boolean resendInDoubt);

  /**
   * Submits one batch as {@link #submit(List, String, boolean)} does, stopping when the import is
   * cancelled: an HTTP call under way is cancelled ({@code Call.cancel()}, never an interrupt) and
   * a wait for pacing ends. The importer calls this one. The default ignores {@code cancellation}
   * and calls {@link #submit(List, String, boolean)}; the SDK's targets honour it.
   *
   * @param batch the calls, each valid and together within the limits
   * @param idempotencyKey the key to send on every attempt of this submission
   * @param resendInDoubt whether the client may send the batch again after an attempt that may have
   *     been processed
   * @param cancellation the import's cancellation
   * @return as {@link #submit(List, String, boolean)}
   * @throws CallingestException as {@link #submit(List, String, boolean)}, or when cancelled (such
   *     as {@link dev.callingest.CancelledException}), its {@link
   *     CallingestException#possiblyProcessed()} saying whether an attempt cut off may have been
   *     processed
   */
  default Submitted submit(
      List<C> batch,
      String idempotencyKey,
      boolean resendInDoubt,
      ImportCancellation cancellation) {
    return submit(batch, idempotencyKey, resendInDoubt);
  }

  /** What an accepted submission returned. An Immutables value. */
  @Value.Immutable
  @ModelStyle
  abstract class Submitted {
    Submitted() {}

    /** {@return the batch id when the API gives one} */
    public abstract Optional<String> batchId();

    /**
     * {@return true when an attempt before the accepted one may also have been processed, so the
     * calls may be on the server twice (unless the API de-duplicates)}
     */
    public abstract boolean earlierAttemptPossiblyProcessed();

    /**
     * Creates the result of a submission.
     *
     * @param batchId the batch id when the API gives one
     * @param earlierAttemptPossiblyProcessed whether an earlier attempt may also have been
     *     processed
     * @return the result
     */
    public static Submitted of(Optional<String> batchId, boolean earlierAttemptPossiblyProcessed) {
      Objects.requireNonNull(batchId, "batchId == null");
      return ImmutableSubmitted.builder()
          .batchId(batchId)
          .earlierAttemptPossiblyProcessed(earlierAttemptPossiblyProcessed)
          .build();
    }
  }

  /**
   * Waits until a submitted batch has finished processing, for APIs that report it.
   *
   * @param batchId the batch id returned by {@link #submit}
   * @return the result of each call by id, or empty when the API does not report processing
   */
  default Optional<Map<String, ProcessingResult>> awaitProcessing(String batchId) {
    return Optional.empty();
  }

  /**
   * Waits for processing as {@link #awaitProcessing(String)} does, stopping at once when the import
   * is cancelled (throwing a {@link CallingestException}). The importer calls this one; the default
   * ignores {@code cancellation}.
   *
   * @param batchId the batch id returned by {@link #submit}
   * @param cancellation the import's cancellation
   * @return as {@link #awaitProcessing(String)}
   */
  default Optional<Map<String, ProcessingResult>> awaitProcessing(
      String batchId, ImportCancellation cancellation) {
    return awaitProcessing(batchId);
  }

  /** How one call ended after processing. An Immutables value. */
  @Value.Immutable
  @ModelStyle
  abstract class ProcessingResult {
    ProcessingResult() {}

    /** {@return true when processing succeeded} */
    public abstract boolean completed();

    /** {@return the server's reason when it failed, when it gave one} */
    public abstract Optional<String> reason();

    /**
     * Creates the result.
     *
     * @param completed true when processing succeeded
     * @param reason the server's reason when it failed, or {@code null}
     * @return the result
     */
    public static ProcessingResult of(boolean completed, @Nullable String reason) {
      return ImmutableProcessingResult.builder()
          .completed(completed)
          .reason(Optional.ofNullable(reason))
          .build();
    }
  }
}
