package com.example.errorhandling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.spring.CallingestConfigurationException;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * Builds the starter's public exception the way a user's test of their own startup handling would:
 * from outside the SDK's packages, through public constructors only. If a constructor stops being
 * public, this class stops compiling.
 */
class ExceptionConstructionTest {

  @Test
  void theConfigurationExceptionCanBeBuiltFromOutside() {
    IllegalArgumentException sdkComplaint = new IllegalArgumentException("tenant id is blank");
    CallingestConfigurationException withCause =
        new CallingestConfigurationException(
            "callingest.partner.tenant-id",
            "is blank",
            "set callingest.partner.tenant-id to your tenant's id",
            sdkComplaint);
    CallingestConfigurationException withoutCause =
        new CallingestConfigurationException(
            "callingest.upload.api-key", "is missing", "set callingest.upload.api-key");

    assertThat(withCause.property()).isEqualTo("callingest.partner.tenant-id");
    assertThat(withCause.problem()).isEqualTo("is blank");
    assertThat(withCause.action())
        .isEqualTo("set callingest.partner.tenant-id to your tenant's id");
    assertThat(withCause).hasMessage("callingest.partner.tenant-id: is blank");
    assertThat(withCause.getCause()).isSameAs(sdkComplaint);
    assertThat(withoutCause.getCause()).isNull();
    assertThat(Modifier.isFinal(CallingestConfigurationException.class.getModifiers())).isTrue();
  }
}
