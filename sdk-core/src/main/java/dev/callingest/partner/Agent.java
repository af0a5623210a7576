package dev.callingest.partner;

import java.util.Optional;
import org.immutables.value.Value;

/** The {@code agent} object of an {@link IngestItem}: who handled the call on your side. */
@Value.Immutable
public abstract class Agent {
  Agent() {}

  /** {@return your id for the agent, sent as {@code id}} Required and must not be blank. */
  public abstract String id();

  /**
   * {@return the agent's email address, sent as {@code email}; must be a valid address when
   * present}
   */
  public abstract Optional<String> email();

  /** {@return the agent's full name, sent as {@code name}; at most 255 characters (code points)} */
  public abstract Optional<String> name();

  /**
   * Creates an agent with only an id.
   *
   * @param id your id for the agent
   * @return the agent
   */
  public static Agent of(String id) {
    return builder().id(id).build();
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with nothing set
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this value's attributes, to make a changed copy} */
  public Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds {@link Agent}. Not thread-safe. */
  public static final class Builder extends ImmutableAgent.Builder {
    Builder() {}
  }
}
