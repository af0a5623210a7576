package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CallbackUrlTest {
  static final CallbackConsumer NOOP = (deliveryId, analysis) -> {};
  static final String BASE = "https://crm.example.com/hooks/partner";
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  final MutableClock clock = new MutableClock(NOW);
  final CallbackUrlKey oldKey = CallbackUrlKey.of("2025-12", filled(1));
  final CallbackUrlKey newKey = CallbackUrlKey.of("2026-01", filled(2));

  static byte[] filled(int value) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) value);
    return secret;
  }

  CallbackUrlSigner signer(CallbackUrlKey key) {
    return CallbackUrlSigner.builder().key(key).validity(Duration.ofHours(1)).clock(clock).build();
  }

  CallbackUrlVerifier verifier(CallbackUrlKey... keys) {
    CallbackUrlVerifier.Builder builder = CallbackUrlVerifier.builder().clock(clock);
    for (CallbackUrlKey key : keys) builder.addKey(key);
    return builder.build();
  }

  static Verification verify(CallbackUrlVerifier verifier, String url, String bodyCallId) {
    byte[] body = ("{\"call_id\":\"" + bodyCallId + "\"}").getBytes(UTF_8);
    return verifier.verify(
        CallbackRequest.builder().method("POST").uri(url).body(body).build(), body);
  }

  @Test
  void signedUrlHasTheDocumentedShape() {
    String url = signer(newKey).sign(BASE, "call 1/é");

    assertThat(url)
        .startsWith(
            BASE
                + "?cb_call_id=call+1%2F%C3%A9&cb_expires="
                + NOW.plusSeconds(3600).getEpochSecond()
                + "&cb_key=2026-01&cb_token=")
        .matches(".*&cb_token=[A-Za-z0-9_-]{43}");
  }

  @Test
  void validUrlVerifiesAndBindsTheCallId() {
    String url = signer(newKey).sign(BASE, "call 1/é");

    Verification result = verify(verifier(newKey), url, "call 1/é");

    assertThat(result.authentic).isTrue();
    assertThat(result.deliveryId).isEqualTo("call 1/é");
    assertThat(result.requiredCallId).isEqualTo("call 1/é");
  }

  @Test
  void pathOnlyUriAndExistingQueryWork() {
    String url = signer(newKey).sign(BASE + "?tenant=acme", "c1");
    assertThat(url).contains("?tenant=acme&cb_call_id=c1&");

    String pathAndQuery = url.substring("https://crm.example.com".length());
    assertThat(verify(verifier(newKey), pathAndQuery, "c1").authentic).isTrue();
  }

  @Test
  void expiredUrlIsRejectedAfterTheSkew() {
    String url = signer(newKey).sign(BASE, "c1");
    CallbackUrlVerifier verifier = verifier(newKey);

    clock.set(NOW.plus(Duration.ofHours(1)).plus(CallbackUrlVerifier.DEFAULT_SKEW));
    assertThat(verify(verifier, url, "c1").authentic).isTrue();

    clock.advance(Duration.ofSeconds(1));
    Verification result = verify(verifier, url, "c1");
    assertThat(result.status).isEqualTo(401);
    assertThat(result.reason).isEqualTo("callback URL expired at 2026-01-15T11:00:00Z (skew 60 s)");
  }

  @Test
  void skewIsConfigurable() {
    String url = signer(newKey).sign(BASE, "c1", NOW);
    CallbackUrlVerifier strict =
        CallbackUrlVerifier.builder().addKey(newKey).skew(Duration.ZERO).clock(clock).build();

    assertThat(verify(strict, url, "c1").authentic).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(verify(strict, url, "c1").authentic).isFalse();
  }

  @Test
  void unknownKeyIdIsRejected() {
    String url = signer(newKey).sign(BASE, "c1");

    Verification result = verify(verifier(oldKey), url, "c1");

    assertThat(result.status).isEqualTo(401);
    assertThat(result.reason).isEqualTo("cb_key names no configured key");
  }

  @Test
  void keyIdSwappedToAnotherConfiguredKeyIsRejected() {
    String url = signer(newKey).sign(BASE, "c1").replace("cb_key=2026-01", "cb_key=2025-12");

    assertThat(verify(verifier(oldKey, newKey), url, "c1").reason)
        .isEqualTo("cb_token does not match the URL's call id, expiry and key");
  }

  @Test
  void rotationAcceptsUrlsSignedWithEitherKey() {
    String before = signer(oldKey).sign(BASE, "c1");
    String after = signer(newKey).sign(BASE, "c2");
    CallbackUrlVerifier verifier = verifier(newKey, oldKey);

    assertThat(verify(verifier, before, "c1").authentic).isTrue();
    assertThat(verify(verifier, after, "c2").authentic).isTrue();
  }

  @Test
  void tamperedCallIdOrExpiryIsRejected() {
    String url = signer(newKey).sign(BASE, "c1");
    CallbackUrlVerifier verifier = verifier(newKey);

    assertThat(verify(verifier, url.replace("cb_call_id=c1", "cb_call_id=c2"), "c2").reason)
        .isEqualTo("cb_token does not match the URL's call id, expiry and key");
    long expires = NOW.plusSeconds(3600).getEpochSecond();
    assertThat(
            verify(
                    verifier,
                    url.replace("cb_expires=" + expires, "cb_expires=" + (expires + 86400)),
                    "c1")
                .authentic)
        .isFalse();
  }

  @Test
  void bodyCallIdMustMatchTheUrlsAtTheReceiver() {
    String url = signer(newKey).sign(BASE, "c1");
    CallbackReceiver receiver = CallbackReceiver.builder().verifier(verifier(newKey)).build();
    byte[] forged = "{\"call_id\":\"c2\",\"intent\":\"INTERESTED\"}".getBytes(UTF_8);

    CallbackOutcome outcome =
        receiver.handle(
            CallbackRequest.builder().method("POST").uri(url).body(forged).build(), NOOP);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.REJECTED);
    assertThat(outcome.statusCode()).isEqualTo(401);
    assertThat(outcome.reason())
        .isEqualTo("body call_id differs from the call id the URL was signed for");
  }

  @Test
  void missingOrRepeatedParametersAreRejected() {
    String url = signer(newKey).sign(BASE, "c1");
    CallbackUrlVerifier verifier = verifier(newKey);

    assertThat(verify(verifier, BASE, "c1").reason).isEqualTo("callback URL carries no token");
    assertThat(verify(verifier, url.replaceAll("&cb_token=.*", ""), "c1").reason)
        .isEqualTo("callback URL lacks one of cb_call_id, cb_expires, cb_key and cb_token");
    Verification repeated = verify(verifier, url + "&cb_call_id=c2", "c1");
    assertThat(repeated.status).isEqualTo(400);
    assertThat(repeated.reason).isEqualTo("cb_call_id appears more than once in the callback URL");
    assertThat(verify(verifier, url.replaceAll("cb_expires=\\d+", "cb_expires=soon"), "c1").status)
        .isEqualTo(400);
    assertThat(verify(verifier, url.replaceAll("cb_token=.*", "cb_token=***"), "c1").reason)
        .isEqualTo("cb_token is not base64url");
  }

  @Test
  void signerRejectsBadBaseUrls() {
    CallbackUrlSigner signer = signer(newKey);

    assertThatThrownBy(() -> signer.sign("ftp://x.example/cb", "c1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("/relative", "c1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(BASE + "#frag", "c1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(BASE + "?cb_token=x", "c1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(BASE, " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreCheckedAndNeverShown() {
    assertThatThrownBy(() -> CallbackUrlKey.of("bad id\n", filled(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackUrlKey.of("k", new byte[15]))
        .hasMessage("secret of key k has 15 bytes; at least 16 are required");
    assertThatThrownBy(() -> CallbackUrlKey.fromBase64("k", "%%%%secret%%%%"))
        .hasMessage("secret of key k is not base64")
        .hasNoCause();
    assertThatThrownBy(() -> CallbackUrlVerifier.builder().addKey(newKey).addKey(newKey))
        .hasMessage("key id 2026-01 was added twice");

    CallbackUrlKey generated = CallbackUrlKey.generate("gen");
    CallbackUrlKey restored = CallbackUrlKey.fromBase64("gen", generated.secretBase64());
    String url = signer(generated).sign(BASE, "c1");
    assertThat(verify(verifier(restored), url, "c1").authentic).isTrue();

    String secret = generated.secretBase64();
    assertThat(generated.toString()).isEqualTo("CallbackUrlKey{id=gen, secret=<redacted>}");
    assertThat(signer(generated).toString()).doesNotContain(secret);
    assertThat(verifier(generated, newKey).toString())
        .isEqualTo("CallbackUrlVerifier{keys=[2026-01, gen], skew=60s, maxValidity=259200s}");
  }

  @Test
  void requestToStringHidesTheToken() {
    String url = signer(newKey).sign(BASE, "c1");
    CallbackRequest request =
        CallbackRequest.builder()
            .method("POST")
            .uri(url)
            .header("X-A", "1")
            .body(new byte[0])
            .build();

    assertThat(request.toString())
        .isEqualTo("CallbackRequest{POST https://crm.example.com/***?***, headers=[x-a]}");
  }
}
