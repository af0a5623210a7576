package dev.callingest;

import dev.callingest.internal.ModelStyle;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How an operation ended, as told to {@link ClientEventListener#operationEnded}: how many attempts
 * it took, the HTTP status of the last answer, the request id the server sent and, when it failed,
 * the exception the caller gets. Nothing here holds a secret: the failure's message never does, and
 * the request id is the server's.
 */
@Value.Immutable
@ModelStyle
public abstract class OperationResult {
  OperationResult() {}

  /** {@return how many HTTP attempts were sent or begun, at least 1 unless none was} */
  public abstract int attempts();

  /** {@return the status of the last HTTP answer, empty when the last attempt got none} */
  public abstract OptionalInt statusCode();

  /** {@return the request id of the last answer, empty when the server sent none} */
  public abstract Optional<String> requestId();

  /** {@return the exception the operation ended with, empty when it succeeded} */
  public abstract Optional<RuntimeException> failure();

  /** {@return whether the operation succeeded} */
  public final boolean succeeded() {
    return failure().isEmpty();
  }

  /**
   * Returns a builder (the client makes these; a builder is for tests of listeners); {@code
   * attempts} is required.
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

  /** Builds an {@link OperationResult}. Not thread-safe. */
  public static final class Builder extends ImmutableOperationResult.Builder {
    Builder() {}
  }
}
