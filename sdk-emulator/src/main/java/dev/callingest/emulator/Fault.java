package dev.callingest.emulator;

/** A fault the emulator can inject into an API request (see {@link FaultInjection}). */
public enum Fault {
  /** Answered 500 with the API's server-error body; the request is not processed. */
  SERVER_ERROR,
  /** Answered 429 with the API's rate-limit body; the request is not processed. */
  RATE_LIMITED,
  /** The request is read, then the connection is closed without an answer; not processed. */
  DROP_CONNECTION,
  /**
   * The request is processed, then the connection is closed without an answer: the client cannot
   * know that it succeeded.
   */
  DROP_AFTER_PROCESSING,
  /** The request is processed normally but answered only after the configured delay. */
  SLOW
}
