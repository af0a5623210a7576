package dev.callingest.partner;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A value of an item's {@code metadata}: a string, a whole number or a decimal number, the only kinds
 * the Partner API accepts. The analysis echoes the metadata back in the callback.
 */
public final class MetadataValue {
  private final String string;
  private final Long integer;
  private final Double decimal;

  private MetadataValue(String string, Long integer, Double decimal) {
    this.string = string;
    this.integer = integer;
    this.decimal = decimal;
  }

  /**
   * A string value.
   *
   * @param value the text
   * @return the value
   */
  public static MetadataValue of(String value) {
    return new MetadataValue(Objects.requireNonNull(value, "value == null"), null, null);
  }

  /**
   * A whole number value.
   *
   * @param value the number
   * @return the value
   */
  public static MetadataValue of(long value) {
    return new MetadataValue(null, value, null);
  }

  /**
   * A decimal number value.
   *
   * @param value a finite number
   * @return the value
   * @throws IllegalArgumentException if the number is NaN or infinite, which JSON cannot carry
   */
  public static MetadataValue of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metadata value must be a finite number: " + value);
    }
    return new MetadataValue(null, null, value);
  }

  /** {@return whether this is a number rather than a string} */
  public boolean isNumber() {
    return string == null;
  }

  /** {@return the text, when this is a string value} */
  public Optional<String> asString() {
    return Optional.ofNullable(string);
  }

  /** {@return the number, when this is a whole number value} */
  public OptionalLong asLong() {
    return integer == null ? OptionalLong.empty() : OptionalLong.of(integer);
  }

  /** {@return the number, when this is a number value of either kind} */
  public OptionalDouble asDouble() {
    if (decimal != null) return OptionalDouble.of(decimal);
    return integer == null ? OptionalDouble.empty() : OptionalDouble.of(integer);
  }

  /** The value as text: the string itself, or the number's decimal form. */
  @Override
  public String toString() {
    if (string != null) return string;
    return integer != null ? Long.toString(integer) : Double.toString(decimal);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof MetadataValue)) return false;
    MetadataValue that = (MetadataValue) other;
    return Objects.equals(string, that.string)
        && Objects.equals(integer, that.integer)
        && Objects.equals(decimal, that.decimal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(string, integer, decimal);
  }

  /** Package-private accessors for the JSON writer. */
  String stringOrNull() {
    return string;
  }

  Long integerOrNull() {
    return integer;
  }

  Double decimalOrNull() {
    return decimal;
  }
}
