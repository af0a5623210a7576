package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The pacing of one logical request's attempts, which {@link HttpTransport} consults as it retries:
 * the API client takes a {@link SlidingWindowPacer.Ticket} for the first attempt and passes it to
 * the transport, which reports how every attempt ended and asks before every later attempt. So each
 * attempt that may have reached the server counts in the windows, as the server counts it, and a
 * retry waits for room in them instead of going out into a full window.
 */
public interface AttemptPacing {
  /** Paces nothing: for requests outside every limit, such as reads. Every retry may go at once. */
  AttemptPacing NONE =
      new AttemptPacing() {
        @Override
        public void attemptEnded(int attempt, Outcome outcome) {}

        @Override
        public void beforeRetry(int attempt, @Nullable Instant deadline) {}

        @Override
        public Optional<Duration> tryBeforeRetry(
            int attempt, Instant waitingSince, @Nullable Instant deadline) {
          return Optional.empty();
        }
      };

  /**
   * Attempt {@code attempt} ended in {@code outcome}, as far as the transport can tell: it counts
   * in the windows from now if it may have been recorded, and not at all otherwise.
   *
   * @param attempt its number, from 1
   * @param outcome what the server may have done with it
   */
  void attemptEnded(int attempt, Outcome outcome);

  /**
   * Blocks until attempt {@code attempt} (2 or later) may go, then counts it as under way.
   *
   * @param attempt the attempt about to be sent
   * @param deadline the request's overall deadline, which the wait must end before; null for none
   * @throws dev.callingest.RateLimitedException (client side) if the wait would end after the
   *     pacing {@code maxWait} or the deadline; the attempt was not sent
   * @throws dev.callingest.CancelledException if the request's cancel signal was raised while
   *     waiting; the attempt was not sent
   * @throws CallingestException if interrupted while waiting (the interrupt flag is set again) or
   *     the pacing store failed; the attempt was not sent
   */
  void beforeRetry(int attempt, @Nullable Instant deadline);

  /**
   * Non-blocking {@link #beforeRetry}: empty when attempt {@code attempt} may go now (and it is
   * then counted as under way), else how long to wait before asking again.
   *
   * @param attempt the attempt about to be sent, 2 or later
   * @param waitingSince when this attempt began waiting for pacing (its first ask)
   * @param deadline the request's overall deadline, or null for none
   * @return empty to go now, else the wait before asking again
   * @throws dev.callingest.RateLimitedException (client side) like {@link #beforeRetry} on refusal
   * @throws dev.callingest.pacing.PacingStoreException if the pacing store failed; not sent
   */
  Optional<Duration> tryBeforeRetry(int attempt, Instant waitingSince, @Nullable Instant deadline);
}
