package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardWebhooksVerifierTest {
  // The example published with the Standard Webhooks specification.
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330L;
  static final byte[] SPEC_PAYLOAD = "{\"test\": 2432232314}".getBytes(UTF_8);
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  static final String OTHER_SECRET =
      "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);

  final MutableClock clock = MutableClock.atEpochSecond(SPEC_TIMESTAMP);

  StandardWebhooksVerifier verifier(String... secrets) {
    StandardWebhooksVerifier.Builder builder = StandardWebhooksVerifier.builder().clock(clock);
    for (String secret : secrets) builder.addSecret(secret);
    return builder.build();
  }

  static CallbackRequest request(String id, String timestamp, String signature, byte[] body) {
    CallbackRequest.Builder builder = CallbackRequest.builder().method("POST").body(body);
    if (id != null) builder.header("webhook-id", id);
    if (timestamp != null) builder.header("Webhook-Timestamp", timestamp);
    if (signature != null) builder.header("WEBHOOK-SIGNATURE", signature);
    return builder.build();
  }

  static CallbackRequest specRequest(String signature) {
    return request(SPEC_ID, Long.toString(SPEC_TIMESTAMP), signature, SPEC_PAYLOAD);
  }

  @Test
  void publishedExampleVerifies() {
    Verification result = verifier(SPEC_SECRET).verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD);

    assertThat(result.authentic).isTrue();
    assertThat(result.deliveryId).isEqualTo(SPEC_ID);
    assertThat(result.requiredCallId).isNull();
  }

  @Test
  void signerReproducesThePublishedSignature() {
    StandardWebhooksSigner signer = StandardWebhooksSigner.of(SPEC_SECRET);

    assertThat(signer.signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).isEqualTo(SPEC_SIGNATURE);
    assertThat(
            signer.headers(
                SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP, 999_000_000), SPEC_PAYLOAD))
        .containsExactly(
            Map.entry("webhook-id", SPEC_ID),
            Map.entry("webhook-timestamp", "1614265330"),
            Map.entry("webhook-signature", SPEC_SIGNATURE));
  }

  @Test
  void secretWithoutPrefixIsAccepted() {
    assertThat(
            verifier(SPEC_SECRET.substring(6))
                .verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD)
                .authentic)
        .isTrue();
  }

  @Test
  void exactlyTheToleranceIsAcceptedInBothDirections() {
    StandardWebhooksVerifier verifier = verifier(SPEC_SECRET);

    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP + 300));
    assertThat(verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD).authentic).isTrue();
    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP - 300));
    assertThat(verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD).authentic).isTrue();
  }

  @Test
  void oneSecondBeyondTheToleranceIsRejectedInBothDirections() {
    StandardWebhooksVerifier verifier = verifier(SPEC_SECRET);

    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP + 301));
    Verification old = verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD);
    assertThat(old.authentic).isFalse();
    assertThat(old.status).isEqualTo(401);
    assertThat(old.reason).isEqualTo("webhook-timestamp is 301 s old; tolerance is 300 s");

    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP - 301));
    Verification future = verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD);
    assertThat(future.status).isEqualTo(401);
    assertThat(future.reason)
        .isEqualTo("webhook-timestamp is 301 s in the future; tolerance is 300 s");
  }

  @Test
  void toleranceIsConfigurable() {
    StandardWebhooksVerifier verifier =
        StandardWebhooksVerifier.builder()
            .addSecret(SPEC_SECRET)
            .tolerance(Duration.ofSeconds(10))
            .clock(clock)
            .build();

    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP + 10));
    assertThat(verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD).authentic).isTrue();
    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP + 11));
    assertThat(verifier.verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD).reason)
        .isEqualTo("webhook-timestamp is 11 s old; tolerance is 10 s");
  }

  @Test
  void rotationAcceptsEitherSecret() {
    String oldSignature = SPEC_SIGNATURE;
    String newSignature =
        StandardWebhooksSigner.of(OTHER_SECRET).signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);
    StandardWebhooksVerifier verifier = verifier(OTHER_SECRET, SPEC_SECRET);

    assertThat(verifier.verify(specRequest(oldSignature), SPEC_PAYLOAD).authentic).isTrue();
    assertThat(verifier.verify(specRequest(newSignature), SPEC_PAYLOAD).authentic).isTrue();
  }

  @Test
  void anyOfSeveralSignaturesMayMatch() {
    String other =
        StandardWebhooksSigner.of(OTHER_SECRET).signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);
    String header = "v1a,AAAA " + other + "  v1,not*base64 " + SPEC_SIGNATURE;

    assertThat(verifier(SPEC_SECRET).verify(specRequest(header), SPEC_PAYLOAD).authentic).isTrue();
  }

  @Test
  void repeatedSignatureHeadersAreMalformed() {
    CallbackRequest request =
        CallbackRequest.builder()
            .method("POST")
            .body(SPEC_PAYLOAD)
            .header("webhook-id", SPEC_ID)
            .header("webhook-timestamp", "1614265330")
            .header("webhook-signature", "v1,AAAA")
            .header("webhook-signature", SPEC_SIGNATURE)
            .build();

    Verification result = verifier(SPEC_SECRET).verify(request, SPEC_PAYLOAD);
    assertThat(result.authentic).isFalse();
    assertThat(result.status).isEqualTo(400);
    assertThat(result.reason)
        .isEqualTo("webhook-id, webhook-timestamp and webhook-signature must each be sent once");
  }

  @Test
  void tamperedBodyIsRejected() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(UTF_8);

    Verification result = verifier(SPEC_SECRET).verify(specRequest(SPEC_SIGNATURE), tampered);

    assertThat(result.authentic).isFalse();
    assertThat(result.status).isEqualTo(401);
    assertThat(result.reason).isEqualTo("no webhook-signature matches any configured secret");
  }

  @Test
  void reserializedBodyIsRejected() {
    byte[] sameJsonOtherBytes = "{\"test\":2432232314}".getBytes(UTF_8);

    assertThat(
            verifier(SPEC_SECRET).verify(specRequest(SPEC_SIGNATURE), sameJsonOtherBytes).authentic)
        .isFalse();
  }

  @Test
  void tamperedIdOrTimestampIsRejected() {
    StandardWebhooksVerifier verifier = verifier(SPEC_SECRET);

    assertThat(
            verifier.verify(
                    request("msg_other", "1614265330", SPEC_SIGNATURE, SPEC_PAYLOAD), SPEC_PAYLOAD)
                .authentic)
        .isFalse();
    assertThat(
            verifier.verify(
                    request(SPEC_ID, "1614265331", SPEC_SIGNATURE, SPEC_PAYLOAD), SPEC_PAYLOAD)
                .authentic)
        .isFalse();
  }

  @Test
  void wrongSecretIsRejected() {
    Verification result = verifier(OTHER_SECRET).verify(specRequest(SPEC_SIGNATURE), SPEC_PAYLOAD);

    assertThat(result.status).isEqualTo(401);
    assertThat(result.reason).isEqualTo("no webhook-signature matches any configured secret");
  }

  @Test
  void wrongVersionPrefixIsRejected() {
    Verification result =
        verifier(SPEC_SECRET)
            .verify(specRequest("v2," + SPEC_SIGNATURE.substring(3)), SPEC_PAYLOAD);

    assertThat(result.status).isEqualTo(401);
    assertThat(result.reason).isEqualTo("webhook-signature has no v1 signature");
    assertThat(
            verifier(SPEC_SECRET)
                .verify(specRequest(SPEC_SIGNATURE.substring(3)), SPEC_PAYLOAD)
                .reason)
        .isEqualTo("webhook-signature has no v1 signature");
  }

  @Test
  void missingHeadersAreRejected() {
    StandardWebhooksVerifier verifier = verifier(SPEC_SECRET);
    String ts = "1614265330";

    assertThat(
            verifier.verify(request(null, ts, SPEC_SIGNATURE, SPEC_PAYLOAD), SPEC_PAYLOAD).reason)
        .isEqualTo("webhook-id header is missing");
    assertThat(
            verifier.verify(request(SPEC_ID, null, SPEC_SIGNATURE, SPEC_PAYLOAD), SPEC_PAYLOAD)
                .reason)
        .isEqualTo("webhook-timestamp header is missing");
    Verification noSignature =
        verifier.verify(request(SPEC_ID, ts, null, SPEC_PAYLOAD), SPEC_PAYLOAD);
    assertThat(noSignature.reason).isEqualTo("webhook-signature header is missing");
    assertThat(noSignature.status).isEqualTo(401);
    assertThat(verifier.verify(request(SPEC_ID, ts, " ", SPEC_PAYLOAD), SPEC_PAYLOAD).reason)
        .isEqualTo("webhook-signature header is missing");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1614265330.0", "1.61e9", "-1614265330", "abc", "0x601f", "16142653300000000000"})
  void nonIntegerTimestampIsMalformed(String timestamp) {
    Verification result =
        verifier(SPEC_SECRET)
            .verify(request(SPEC_ID, timestamp, SPEC_SIGNATURE, SPEC_PAYLOAD), SPEC_PAYLOAD);

    assertThat(result.authentic).isFalse();
    assertThat(result.status).isEqualTo(400);
    assertThat(result.reason).isEqualTo("webhook-timestamp is not an integer number of seconds");
  }

  @Test
  void reasonsAndToStringNeverShowSecretsOrExpectedSignatures() {
    StandardWebhooksVerifier verifier = verifier(SPEC_SECRET);
    StandardWebhooksSigner signer = StandardWebhooksSigner.of(SPEC_SECRET);
    String secretBody = SPEC_SECRET.substring(6);

    for (CallbackRequest request :
        new CallbackRequest[] {
          specRequest("v1,AAAA"),
          specRequest("v2,AAAA"),
          request(SPEC_ID, "x", "v1,A", SPEC_PAYLOAD)
        }) {
      String reason = verifier.verify(request, SPEC_PAYLOAD).reason;
      assertThat(reason).doesNotContain(secretBody).doesNotContain(SPEC_SIGNATURE.substring(3));
    }
    assertThat(verifier.toString())
        .isEqualTo("StandardWebhooksVerifier{secrets=1, tolerance=300s}");
    assertThat(signer.toString()).doesNotContain(secretBody);
  }

  @Test
  void badSecretsFailWithoutQuotingThem() {
    assertThatThrownBy(
            () -> StandardWebhooksVerifier.builder().addSecret("whsec_not base64!!secretpart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret is not whsec_ followed by base64")
        .hasNoCause();
    assertThatThrownBy(() -> StandardWebhooksSigner.of("whsec_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret has 0 bytes; Standard Webhooks secrets have at least 24");
    assertThatThrownBy(() -> StandardWebhooksVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StandardWebhooksVerifier.builder().tolerance(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedSecretsSignAndVerify() {
    String secret = StandardWebhooksSigner.generateSecret();
    assertThat(secret).startsWith("whsec_");
    String signature =
        StandardWebhooksSigner.of(secret).signature(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    assertThat(verifier(secret).verify(specRequest(signature), SPEC_PAYLOAD).authentic).isTrue();
  }
}
