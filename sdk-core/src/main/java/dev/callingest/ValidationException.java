package dev.callingest;

import java.util.List;

/**
 * The request broke one or more documented rules and was not sent. Every violation of the request
 * is listed, not only the first.
 */
public final class ValidationException extends CallingestException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_LISTED = 20;

  /** The violations; not serialized. */
  private final transient List<Violation> violations;

  /**
   * Creates the exception.
   *
   * @param what what was being validated, such as {@code "upload batch"}
   * @param violations every broken rule, at least one
   */
  public ValidationException(String what, List<Violation> violations) {
    super(describe(what, violations), null);
    this.violations = List.copyOf(violations);
  }

  /** {@return every broken rule, in the order of the request's fields} */
  public List<Violation> violations() {
    return violations;
  }

  static String describe(String what, List<Violation> violations) {
    if (violations.isEmpty()) throw new IllegalArgumentException("violations is empty");
    StringBuilder message =
        new StringBuilder(what)
            .append(" is invalid (")
            .append(violations.size())
            .append(violations.size() == 1 ? " violation" : " violations")
            .append("); nothing was sent:");
    for (int i = 0; i < violations.size() && i < MAX_LISTED; i++) {
      message.append("\n  ").append(violations.get(i));
    }
    if (violations.size() > MAX_LISTED) {
      message.append("\n  ... and ").append(violations.size() - MAX_LISTED).append(" more");
    }
    return message.toString();
  }
}
