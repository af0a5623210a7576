package dev.callingest;

import dev.callingest.internal.ModelStyle;
import org.immutables.value.Value;

/**
 * One HTTP attempt as seen by a {@link ClientEventListener}: the method, the path (no host, no
 * query) and the attempt number, starting at 1. It carries no header and no body. An Immutables
 * value like every other public value type, so that a field can be added without breaking anyone
 * who builds one (for example to test a listener).
 */
@Value.Immutable
@ModelStyle
public abstract class RequestEvent {
  RequestEvent() {}

  /** {@return the HTTP method, such as {@code POST}} */
  public abstract String method();

  /** {@return the URL path, such as {@code /v1/calls/batch-upload}} */
  public abstract String path();

  /** {@return the attempt number, starting at 1} */
  public abstract int attempt();

  /**
   * The {@link OperationEvent#id()} of the operation this attempt belongs to, so that a listener
   * can tie attempts and retries to the operation's start and end.
   *
   * @return the id, or 0 for an event built by hand without one
   */
  @Value.Default
  public long operationId() {
    return 0;
  }

  @Value.Check
  void checkAttempt() {
    if (attempt() < 1) throw new IllegalArgumentException("attempt < 1: " + attempt());
  }

  /**
   * Returns a builder, for tests of listeners; the method, path and attempt are required.
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

  /** Builds a {@link RequestEvent}. Not thread-safe. */
  public static final class Builder extends ImmutableRequestEvent.Builder {
    Builder() {}
  }
}
