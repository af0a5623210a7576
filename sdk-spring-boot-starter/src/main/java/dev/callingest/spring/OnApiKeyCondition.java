package dev.callingest.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an API key property holds a non-blank value, so that {@code
 * api-key=${CALLINGEST_UPLOAD_API_KEY:}} with the variable unset means "no client" rather than a
 * startup error. The outcome's message names the property, never its value.
 */
abstract class OnApiKeyCondition extends SpringBootCondition {
  private final String property;

  OnApiKeyCondition(String property) {
    this.property = property;
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String value = context.getEnvironment().getProperty(property);
    return value != null && !value.isBlank()
        ? ConditionOutcome.match(property + " is set")
        : ConditionOutcome.noMatch(property + " is not set");
  }

  static final class Upload extends OnApiKeyCondition {
    Upload() {
      super("callingest.upload.api-key");
    }
  }

  static final class Partner extends OnApiKeyCondition {
    Partner() {
      super("callingest.partner.api-key");
    }
  }
}
