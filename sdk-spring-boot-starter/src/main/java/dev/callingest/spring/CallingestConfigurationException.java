package dev.callingest.spring;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code callingest.*} setting that cannot work, found while the application context starts. It
 * names the property, says what is wrong and what to do; Spring Boot's failure analysis prints
 * these as the "APPLICATION FAILED TO START" report. Never holds a property's value when that value
 * may be a secret.
 */
public final class CallingestConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String problem;
  private final String action;

  /**
   * Creates the exception.
   *
   * @param property the property at fault, such as {@code callingest.partner.tenant-id}
   * @param problem what is wrong with it, without its value when that may be a secret
   * @param action what to do about it
   * @param cause the SDK's own complaint, if any
   */
  public CallingestConfigurationException(
      String property, String problem, String action, @Nullable Throwable cause) {
    super(property + ": " + problem, cause);
    this.property = Objects.requireNonNull(property, "property == null");
    this.problem = Objects.requireNonNull(problem, "problem == null");
    this.action = Objects.requireNonNull(action, "action == null");
  }

  /**
   * Creates the exception without a cause.
   *
   * @param property the property at fault
   * @param problem what is wrong with it
   * @param action what to do about it
   */
  public CallingestConfigurationException(String property, String problem, String action) {
    this(property, problem, action, null);
  }

  /** {@return the property at fault, such as {@code callingest.partner.tenant-id}} */
  public String property() {
    return property;
  }

  /** {@return what is wrong with the property} */
  public String problem() {
    return problem;
  }

  /** {@return what to do about it} */
  public String action() {
    return action;
  }
}
