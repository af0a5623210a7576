package dev.callingest.callback;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link CallbackReceiver} tells a genuine callback from a forged or replayed one. Pick one
 * explicitly; the receiver never guesses it from the request:
 *
 * <ul>
 *   <li>{@link CallbackUrlVerifier}, for capability URLs made by {@link CallbackUrlSigner}: works
 *       with the Partner API as documented, which signs nothing.
 *   <li>{@link StandardWebhooksVerifier}, for a sender that signs with Standard Webhooks v1.
 *   <li>{@link #insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly()}, which checks nothing.
 * </ul>
 *
 * <p>Every verifier works on the raw body bytes, compares decoded MACs in constant time, and keeps
 * a failure reason for your logs that never contains a secret or an expected signature. This class
 * cannot be extended outside this package.
 */
public abstract class CallbackVerifier {
  CallbackVerifier() {}

  /** Checks the request's headers, URI and raw body. */
  abstract Verification verify(CallbackRequest request, byte[] body);

  /**
   * The longest time between the first and the last moment at which one and the same request passes
   * this verifier: a replay within it can only be caught by de-duplication, so the receiver
   * remembers each delivery until the request would no longer verify, and refuses a store whose
   * retention is shorter than this.
   *
   * @return the window; zero when the verifier checks nothing
   */
  public abstract Duration replayWindow();

  /** The clock the verifier judges time by; the receiver computes how long to remember with it. */
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * A verifier that accepts every request, authentic or not. Anyone who can reach your endpoint can
   * then post a forged analysis: use it only on a developer's machine or against the emulator. It
   * logs a warning when created and again for every request it lets through. The delivery id is the
   * {@code webhook-id} header when present, else the body's {@code call_id}.
   *
   * @return the insecure verifier
   */
  public static CallbackVerifier insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly() {
    System.getLogger(CallbackVerifier.class.getName())
        .log(
            System.Logger.Level.WARNING,
            "callingest: callbacks are accepted WITHOUT verification; never use"
                + " insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly() outside local development");
    return new Insecure();
  }

  private static final class Insecure extends CallbackVerifier {
    @Override
    Verification verify(CallbackRequest request, byte[] body) {
      System.getLogger(CallbackVerifier.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "callingest: accepting a callback WITHOUT verification"
                  + " (insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly); anyone can forge it");
      return Verification.authentic(request.header("webhook-id").orElse(null), null, null);
    }

    @Override
    public Duration replayWindow() {
      return Duration.ZERO;
    }

    @Override
    public String toString() {
      return "CallbackVerifier(INSECURE: no verification, local development only)";
    }
  }
}
