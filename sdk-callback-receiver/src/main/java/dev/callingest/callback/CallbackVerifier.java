package dev.callingest.callback;

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
   * How far a genuine request's timestamp may be from now; a replay within it can only be caught
   * by de-duplication, so the receiver keeps delivery ids at least twice as long.
   */
  abstract Duration replayWindow();

  /**
   * A verifier that accepts every request, authentic or not. Anyone who can reach your endpoint can
   * then post a forged analysis: use it only on a developer's machine or against the emulator.
   * It logs a warning when created. The delivery id is the {@code webhook-id} header when present,
   * else the body's {@code call_id}.
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
      return Verification.authentic(request.header("webhook-id").orElse(null), null);
    }

    @Override
    Duration replayWindow() {
      return Duration.ZERO;
    }

    @Override
    public String toString() {
      return "CallbackVerifier(INSECURE: no verification, local development only)";
    }
  }
}
