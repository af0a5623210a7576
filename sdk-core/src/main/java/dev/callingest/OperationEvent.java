package dev.callingest;

import dev.callingest.internal.ModelStyle;
import org.immutables.value.Value;

/**
 * One operation of a client as seen by a {@link ClientEventListener}: a submission or a status
 * read, from before its first HTTP attempt to its final answer or failure, with every retry and the
 * waits between them. Its attempts' {@link RequestEvent}s carry its {@link #id()}, so that a
 * listener can tell which operation an attempt or a retry belongs to when several run at once. It
 * carries no header, no body and no query.
 */
@Value.Immutable
@ModelStyle
public abstract class OperationEvent {
  OperationEvent() {}

  /**
   * An id for this operation, unique among the operations of one client while the process runs; the
   * same as {@link RequestEvent#operationId()} of each of its attempts.
   *
   * @return the id, at least 1
   */
  public abstract long id();

  /** {@return the HTTP method, such as {@code POST}} */
  public abstract String method();

  /** {@return the URL path, such as {@code /v1/calls/batch-upload}; no host, no query} */
  public abstract String path();

  @Value.Check
  void checkId() {
    if (id() < 1) throw new IllegalArgumentException("id < 1: " + id());
  }

  /**
   * Returns a builder, for tests of listeners; all three fields are required.
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

  /** Builds an {@link OperationEvent}. Not thread-safe. */
  public static final class Builder extends ImmutableOperationEvent.Builder {
    Builder() {}
  }
}
