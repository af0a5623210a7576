package dev.callingest.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.partner.PartnerCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {
  @Test
  void withoutVariablesBothApisRunOnTheEmulator() {
    DemoSettings settings = DemoSettings.from(Map.of());

    assertThat(settings.upload()).isEmpty();
    assertThat(settings.partner()).isEmpty();
    assertThat(settings.needsEmulator()).isTrue();
    assertThat(settings.callbackPort()).isZero();
  }

  @Test
  void partnerKeyWithItsVariablesSelectsTheRealPartnerApi() {
    DemoSettings settings =
        DemoSettings.from(
            Map.of(
                "CALLINGEST_PARTNER_API_KEY", "pk_1234567890",
                "CALLINGEST_PARTNER_API_SECRET", "ps_1234567890",
                "CALLINGEST_PARTNER_TENANT_ID", "tenant-7",
                "CALLINGEST_PARTNER_SUB_TENANT_ID", "branch-3",
                "CALLINGEST_CALLBACK_PUBLIC_URL", "https://hooks.example.com/callbacks",
                "CALLINGEST_RECORDING_URL", "https://media.example.com/a.wav"));

    assertThat(settings.upload()).isEmpty();
    assertThat(settings.needsEmulator()).isTrue();
    assertThat(settings.partner().orElseThrow().baseUrl())
        .hasToString("https://api.zipteams.com/api/v1");
    assertThat(((PartnerCredentials) settings.partner().orElseThrow().credentials()).tenantId())
        .isEqualTo("tenant-7");
    assertThat(settings.partner().orElseThrow().toString())
        .doesNotContain("pk_1234567890", "ps_1234567890");
    assertThat(settings.callbackPublicUrl()).contains("https://hooks.example.com/callbacks");
    assertThat(settings.callbackPort()).isEqualTo(8090);
  }

  @Test
  void uploadKeyNeedsAUserEmailAndARecording() {
    assertThatThrownBy(
            () -> DemoSettings.from(Map.of("CALLINGEST_UPLOAD_API_KEY", "sk_1234567890")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CALLINGEST_USER_EMAIL must be set to use the real endpoint (see Quickstart's Javadoc)");
  }
}
