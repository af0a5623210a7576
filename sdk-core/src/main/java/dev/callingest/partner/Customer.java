package dev.callingest.partner;

import java.util.Optional;
import org.immutables.value.Value;

/** The {@code customer} object of an {@link IngestItem}: who was on the other end of the call. */
@Value.Immutable
public abstract class Customer {
  Customer() {}

  /** {@return your id for the customer, sent as {@code id}} Required and must not be blank. */
  public abstract String id();

  /**
   * {@return the customer's full name, sent as {@code name}; at most 255 characters (code points)}
   */
  public abstract Optional<String> name();

  /**
   * {@return the customer's email address, sent as {@code email}; must be a valid address when
   * present}
   */
  public abstract Optional<String> email();

  /**
   * {@return the customer's disposition in your system, such as {@code interested}, sent as {@code
   * disposition_status}}
   */
  public abstract Optional<String> dispositionStatus();

  /**
   * Creates a customer with only an id.
   *
   * @param id your id for the customer
   * @return the customer
   */
  public static Customer of(String id) {
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

  /** Builds {@link Customer}. Not thread-safe. */
  public static final class Builder extends ImmutableCustomer.Builder {
    Builder() {}
  }
}
