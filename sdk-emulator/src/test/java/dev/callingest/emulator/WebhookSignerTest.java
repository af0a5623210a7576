package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  @Test
  void signsTheStandardWebhooksSpecificationExample() {
    WebhookSigner signer = WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    String signature =
        signer.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void refusesSecretsWithoutPrefixOrBase64() {
    assertThatThrownBy(() -> WebhookSigner.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook secret must start with whsec_");
    assertThatThrownBy(() -> WebhookSigner.of("whsec_not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook secret after whsec_ must be base64");
    assertThatThrownBy(() -> WebhookSigner.of("whsec_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook secret after whsec_ must not be empty");
  }

  @Test
  void toStringHidesTheSecret() {
    assertThat(WebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString())
        .isEqualTo("WebhookSigner{secret=redacted}");
  }
}
