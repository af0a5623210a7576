package dev.callingest;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A value of a call's {@code metadata}, in both APIs' models: a string, a whole number, a decimal
 * number or a boolean. The Upload API accepts all four; the Partner API accepts strings and
 * numbers, and its client's validation refuses a boolean. Both echo the metadata back with the
 * results.
 */
public final class MetadataValue {
  private final @Nullable String string;
  private final @Nullable Long integer;
  private final @Nullable Double decimal;
  private final @Nullable Boolean bool;

  private MetadataValue(
      @Nullable String string,
      @Nullable Long integer,
      @Nullable Double decimal,
      @Nullable Boolean bool) {
    this.string = string;
    this.integer = integer;
    this.decimal = decimal;
    this.bool = bool;
  }

  /**
   * A string value.
   *
   * @param value the text
   * @return the value
   */
  public static MetadataValue of(String value) {
    return new MetadataValue(Objects.requireNonNull(value, "value == null"), null, null, null);
  }

  /**
   * A whole number value.
   *
   * @param value the number
   * @return the value
   */
  public static MetadataValue of(long value) {
    return new MetadataValue(null, value, null, null);
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
    return new MetadataValue(null, null, value, null);
  }

  /**
   * A boolean value; the Partner API does not accept it.
   *
   * @param value the flag
   * @return the value
   */
  public static MetadataValue of(boolean value) {
    return new MetadataValue(null, null, null, value);
  }

  /** {@return whether this is a number rather than a string or a boolean} */
  public boolean isNumber() {
    return integer != null || decimal != null;
  }

  /** {@return whether this is a boolean} */
  public boolean isBoolean() {
    return bool != null;
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

  /** {@return the flag, when this is a boolean value} */
  public Optional<Boolean> asBoolean() {
    return Optional.ofNullable(bool);
  }

  /** The value as text: the string itself, or the number's or boolean's usual form. */
  @Override
  public String toString() {
    if (string != null) return string;
    if (integer != null) return Long.toString(integer);
    // Exactly one of the four is set.
    return decimal != null
        ? Double.toString(decimal)
        : Boolean.toString(Objects.requireNonNull(bool));
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof MetadataValue)) return false;
    MetadataValue that = (MetadataValue) other;
    return Objects.equals(string, that.string)
        && Objects.equals(integer, that.integer)
        && Objects.equals(decimal, that.decimal)
        && Objects.equals(bool, that.bool);
  }

  @Override
  public int hashCode() {
    return Objects.hash(string, integer, decimal, bool);
  }
}
