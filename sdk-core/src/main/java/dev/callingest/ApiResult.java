package dev.callingest;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What every successful answer of both clients tells besides its typed content: the request id to
 * quote to support, how many HTTP attempts it took, and the raw HTTP view for what the typed result
 * hides. Implemented by {@code upload.SubmissionReceipt}, {@code upload.BatchStatus} and {@code
 * partner.BatchAcknowledgement}.
 *
 * <p>These three are facts about the delivery, not about the content: they take no part in a
 * result's {@code equals}, {@code hashCode} or {@code toString}, so two reads of the same batch
 * status are equal however many attempts each took. A result built by hand (for a test or a fake)
 * has one attempt, no request id and no HTTP view unless its builder sets them. The Immutables
 * annotations on the accessors below say so once for the three implementations.
 */
public interface ApiResult {
  /**
   * The request id the server sent ({@code X-Request-Id}, {@code Request-Id} or {@code
   * X-Amzn-RequestId}), to quote when asking support about this answer.
   *
   * @return the request id, or empty when the server sent none
   */
  @Value.Auxiliary
  Optional<String> requestId();

  /**
   * How many HTTP attempts the request took, this answer's included: 1 unless it was retried.
   *
   * @return 1 or more
   */
  @Value.Auxiliary
  @Value.Default
  default int attempts() {
    return 1;
  }

  /**
   * The status code and headers of the answer (never secret-bearing headers; see {@link
   * HttpResponseInfo}).
   *
   * @return the view, or empty for a result built by hand
   */
  @Value.Auxiliary
  Optional<HttpResponseInfo> httpResponse();
}
