package dev.callingest.bulk;

import dev.callingest.CallingestException;
import dev.callingest.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

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

  /** {@return the largest request body in bytes, or {@link Long#MAX_VALUE} when there is no limit} */
  long maxBatchBytes();

  /**
   * {@return the exact number of bytes the call adds to a batch's request body, or 0 when the API has
   * no byte limit}
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

  /** {@return whether the API de-duplicates calls by id, so that sending a call twice is harmless} */
  boolean deduplicatesById();

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

  /** {@return the batch size the importer uses unless told otherwise} Default: 50, or the maximum. */
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
   * Submits one batch, blocking while the client's pacing requires it.
   *
   * @param batch the calls, each valid and together within the limits
   * @param idempotencyKey the key to send on every attempt of this submission
   * @return the batch id when the API gives one
   * @throws CallingestException when the API refuses the batch or retries run out
   */
  Optional<String> submit(List<C> batch, String idempotencyKey);

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
   * How one call ended after processing.
   *
   * @param completed true when processing succeeded
   * @param reason the server's reason when it failed, or {@code null}
   */
  record ProcessingResult(boolean completed, String reason) {}
}
