package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our signing and verifying agree with com.standardwebhooks:standardwebhooks, which we did not
 * write.
 */
class StandardWebhooksInteropTest {
  static final String SECRET = StandardWebhooksVerifierTest.SPEC_SECRET;
  static final String BODY =
      "{\"call_id\":\"call_12345\",\"intent\":\"INTERESTED\",\"note\":\"caf\u00e9 \u2603\"}";

  @Test
  void theirSignatureVerifiesWithOurs() throws Exception {
    long now = Instant.now().getEpochSecond();
    String theirs = new Webhook(SECRET).sign("msg_interop_1", now, BODY);
    StandardWebhooksVerifier ours =
        StandardWebhooksVerifier.builder()
            .addSecret(SECRET)
            .clock(Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC))
            .build();

    CallbackRequest request =
        StandardWebhooksVerifierTest.request(
            "msg_interop_1", Long.toString(now), theirs, BODY.getBytes(UTF_8));
    Verification result = ours.verify(request, BODY.getBytes(UTF_8));

    assertThat(result.authentic).isTrue();
    assertThat(theirs)
        .isEqualTo(
            StandardWebhooksSigner.of(SECRET)
                .signature("msg_interop_1", now, BODY.getBytes(UTF_8)));
  }

  @Test
  void ourSignatureVerifiesWithTheirs() throws Exception {
    Instant now = Instant.now();
    Map<String, String> headers =
        StandardWebhooksSigner.of(SECRET).headers("msg_interop_2", now, BODY.getBytes(UTF_8));
    Map<String, List<String>> theirHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> theirHeaders.put(name, List.of(value)));

    new Webhook(SECRET).verify(BODY, theirHeaders); // throws when it does not verify

    Map<String, List<String>> tampered = new TreeMap<>(theirHeaders);
    tampered.put("webhook-id", List.of("msg_interop_3"));
    assertThatThrownBy(() -> new Webhook(SECRET).verify(BODY, tampered))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void theirSignatureWithAnotherSecretFailsWithOurs() throws Exception {
    long now = Instant.now().getEpochSecond();
    String theirs = new Webhook(StandardWebhooksSigner.generateSecret()).sign("msg_x", now, BODY);
    StandardWebhooksVerifier ours =
        StandardWebhooksVerifier.builder()
            .addSecret(SECRET)
            .clock(Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC))
            .build();

    Verification result =
        ours.verify(
            StandardWebhooksVerifierTest.request(
                "msg_x", Long.toString(now), theirs, BODY.getBytes(UTF_8)),
            BODY.getBytes(UTF_8));
    assertThat(result.authentic).isFalse();
  }
}
