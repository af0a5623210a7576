package dev.callingest.internal;

import dev.callingest.CallingestException;
import dev.callingest.internal.SlidingWindowPacer.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The pacing of one logical request's attempts, which {@link HttpTransport} consults as it retries:
 * the API client takes a {@link SlidingWindowPacer.Ticket} for the first attempt and passes it to the
 * transport, which reports how every attempt ended and asks before every later attempt. So each
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
        public void beforeRetry(int attempt, @Nullable Instant deadline, CancelSignal cancel) {}

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
   * @throws dev.callingest.RateLimitedException (client side) if the wait would end after the pacing
   *     {@code maxWait} or the deadline; the attempt was not sent
   * @throws CallingestException if cancelled or interrupted while waiting (the interrupt flag is set
   *     again); the attempt was not sent
   */
  void beforeRetry(int attempt, @Nullable Instant deadline);

  /**
   * Like {@link #beforeRetry(int, Instant)}, also ending the wait at once when {@code cancel} is
   * raised.
   *
   * @param attempt the attempt about to be sent
   * @param deadline the request's overall deadline, or null for none
   * @param cancel the operation's cancel signal
   * @throws dev.callingest.RateLimitedException (client side) if the wait would end after the pacing
   *     {@code maxWait} or the deadline; the attempt was not sent
   * @throws CallingestException if cancelled or interrupted while waiting; the attempt was not sent
   */
  void beforeRetry(int attempt, @Nullable Instant deadline, CancelSignal cancel);

  /**
   * Never waits: counts attempt {@code attempt} (2 or later) as under way and answers empty when it
   * may go now, or answers how long to wait before asking again. The asynchronous transport asks
   * again after that wait or at the pacer's next change, whichever comes first.
   *
   * @param attempt the attempt about to be sent
   * @param waitingSince when the retry began to wait for the pacing, which bounds the wait with the
   *     pacing {@code maxWait}
   * @param deadline the request's overall deadline, or null for none
   * @return empty when the attempt may go (it now counts), else the wait before asking again
   * @throws dev.callingest.RateLimitedException (client side) if the wait would end after the pacing
   *     {@code maxWait} or the deadline; the attempt was not sent
   */
  Optional<Duration> tryBeforeRetry(int attempt, Instant waitingSince, @Nullable Instant deadline);
}
