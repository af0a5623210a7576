package dev.callingest.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt to deliver a Partner API callback.
 *
 * @param callId the call the callback is about
 * @param url the callback URL
 * @param messageId the {@code webhook-id}: the same for every attempt of one callback
 * @param attempt 1 for the first delivery, 2 to 4 for the retries
 * @param at when the attempt started
 * @param statusCode the receiver's HTTP status, or 0 when no answer came
 * @param error the connection error, when no answer came
 */
public record CallbackAttempt(
    String callId,
    String url,
    String messageId,
    int attempt,
    Instant at,
    int statusCode,
    Optional<String> error) {

  /**
   * Tells whether the receiver acknowledged the callback.
   *
   * @return true for a 2xx answer
   */
  public boolean succeeded() {
    return statusCode >= 200 && statusCode < 300;
  }
}
