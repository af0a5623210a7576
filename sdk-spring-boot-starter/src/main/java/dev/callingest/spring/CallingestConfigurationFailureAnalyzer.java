package dev.callingest.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a {@link CallingestConfigurationException}, however deep in the startup failure's causes,
 * into Spring Boot's failure report: the property, what is wrong, and the fix. Registered in {@code
 * META-INF/spring.factories}. It goes first, so that a binding failure caused by one of the
 * starter's checks is reported in the starter's words rather than as a generic binding error.
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // Before Boot's generic bind analysis, which would also match.
final class CallingestConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<CallingestConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CallingestConfigurationException cause) {
    String description =
        "The callingest property '"
            + cause.property()
            + "' is not usable: "
            + cause.problem()
            + ".";
    return new FailureAnalysis(description, cause.action(), cause);
  }
}
