package dev.callingest.upload;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** The state of one call of a batch, as listed in {@link BatchStatus#calls()}. */
@Value.Immutable
public abstract class CallStatus {
  CallStatus() {}

  /**
   * Your id of the call ({@code external_id}).
   *
   * @return the external id
   */
  public abstract String externalId();

  /**
   * The call's state exactly as the API wrote it ({@code status}).
   *
   * @return the raw state
   */
  public abstract String rawStatus();

  /**
   * The call's state; {@link CallState#UNKNOWN} for a value new to this SDK.
   *
   * @return the state
   */
  public final CallState status() {
    return CallState.fromWire(rawStatus());
  }

  /**
   * The API's id of the processed call ({@code aila_call_id}), once it has one.
   *
   * @return the API's call id
   */
  public abstract Optional<String> ailaCallId();

  /**
   * When processing finished ({@code processed_at}), when given.
   *
   * @return the instant
   */
  public abstract Optional<Instant> processedAt();

  /**
   * The processing stage exactly as the API wrote it ({@code progress}), such as {@code
   * "transcribing"}, when given.
   *
   * @return the raw stage
   */
  public abstract Optional<String> rawProgress();

  /**
   * The most precise stage known: the progress stage when given, otherwise the state.
   *
   * @return the stage
   */
  public final CallState stage() {
    return rawProgress().map(CallState::fromWire).orElseGet(this::status);
  }

  /**
   * Why the call failed, when the API gave a reason ({@code error} as text or as an object with a
   * {@code message}, or {@code error_message}; the document does not name the field).
   *
   * @return the error message
   */
  public abstract Optional<String> errorMessage();

  /**
   * Returns a builder, for tests and fakes.
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

  /** Builds a {@link CallStatus}. */
  public static final class Builder extends ImmutableCallStatus.Builder {
    Builder() {}
  }
}
