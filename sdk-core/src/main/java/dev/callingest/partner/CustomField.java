package dev.callingest.partner;

import org.immutables.value.Value;

/**
 * One entry of an item's {@code custom_fields}: the internal name of a field configured on the
 * analysis side and its value. An item carries at most 10.
 */
@Value.Immutable
public abstract class CustomField {
  CustomField() {}

  /** {@return the field's internal name, sent as {@code internal_name}; must not be blank} */
  @Value.Parameter
  public abstract String internalName();

  /** {@return the field's value, sent as {@code value}} */
  @Value.Parameter
  public abstract String value();

  /**
   * Creates a custom field.
   *
   * @param internalName the field's internal name
   * @param value the field's value
   * @return the custom field
   */
  public static CustomField of(String internalName, String value) {
    return ImmutableCustomField.of(internalName, value);
  }
}
