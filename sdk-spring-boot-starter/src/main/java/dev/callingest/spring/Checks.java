package dev.callingest.spring;

import java.util.function.Supplier;

/** Applies a setting through the SDK's own checks, naming the property when they refuse it. */
final class Checks {
  private Checks() {}

  /**
   * Runs {@code apply}; an {@link IllegalArgumentException} or {@link NullPointerException} from
   * the SDK's builders becomes a {@link CallingestConfigurationException} for {@code property}. The
   * SDK's messages name the rule, never a secret.
   */
  static void setting(String property, String action, Runnable apply) {
    value(
        property,
        action,
        () -> {
          apply.run();
          return null;
        });
  }

  static <T> T value(String property, String action, Supplier<T> apply) {
    try {
      return apply.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new CallingestConfigurationException(
          property, String.valueOf(e.getMessage()), action, e);
    }
  }

  /** The usual fix: set the property to a value the rule allows, or remove it for the default. */
  static String fix(String property) {
    return "Set "
        + property
        + " to a value the rule above allows, or remove it to get the default.";
  }
}
