package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verification vectors run through our verifier and through the reference library
 * (com.standardwebhooks:standardwebhooks), which we did not write: both must reach the expected
 * verdict. Timestamps are relative to the current second, since the reference library reads the
 * system clock; boundary seconds are left to {@link StandardWebhooksVerifierTest}, which fixes the
 * clock.
 */
class StandardWebhooksVectorsTest {
  static final String SECRET = StandardWebhooksVerifierTest.SPEC_SECRET;
  static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  static final String ID = "msg_2Lq9vectors";
  static final String BODY = "{\"call_id\":\"call_77\",\"intent\":\"INTERESTED\"}";

  /** One request: what is sent, with which secret the receiver is configured, and the verdict. */
  record Vector(
      String name,
      String secret,
      String id,
      String timestamp,
      String signature,
      String body,
      boolean valid) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String sig(String secret, String id, long timestamp, String body) {
    return StandardWebhooksSigner.of(secret).signature(id, timestamp, body.getBytes(UTF_8));
  }

  static Stream<Vector> vectors() {
    long now = Instant.now().getEpochSecond();
    String ts = Long.toString(now);
    String good = sig(SECRET, ID, now, BODY);
    String mac = good.substring(3);
    String other = sig(OTHER_SECRET, ID, now, BODY);
    // A body whose signature has both '+' or '/' and '=' padding, to tell base64 from base64url.
    String urlBody = BODY;
    for (int i = 0;
        !(sig(SECRET, ID, now, urlBody).contains("+")
            || sig(SECRET, ID, now, urlBody).contains("/"));
        i++) {
      urlBody = "{\"call_id\":\"call_" + i + "\"}";
    }
    String urlSafe =
        "v1," + sig(SECRET, ID, now, urlBody).substring(3).replace('+', '-').replace('/', '_');
    List<Vector> v = new ArrayList<>();
    v.add(new Vector("valid signature", SECRET, ID, ts, good, BODY, true));
    v.add(
        new Vector("secret without whsec_ prefix", SECRET.substring(6), ID, ts, good, BODY, true));
    v.add(
        new Vector(
            "signature without base64 padding",
            SECRET,
            ID,
            ts,
            good.replace("=", ""),
            BODY,
            false));
    v.add(new Vector("signature in base64url", SECRET, ID, ts, urlSafe, urlBody, false));
    v.add(new Vector("signature with extra padding", SECRET, ID, ts, good + "==", BODY, false));
    v.add(
        new Vector(
            "truncated signature",
            SECRET,
            ID,
            ts,
            good.substring(0, good.length() - 4),
            BODY,
            false));
    v.add(new Vector("signature of another secret", SECRET, ID, ts, other, BODY, false));
    v.add(
        new Vector(
            "rotation: the old secret's and the new one's",
            SECRET,
            ID,
            ts,
            other + " " + good,
            BODY,
            true));
    v.add(
        new Vector(
            "rotation: bad first, good second", SECRET, ID, ts, "v1,AAAA " + good, BODY, true));
    v.add(
        new Vector(
            "two spaces between signatures", SECRET, ID, ts, other + "  " + good, BODY, true));
    v.add(new Vector("trailing space", SECRET, ID, ts, good + " ", BODY, true));
    v.add(new Vector("version v2 only", SECRET, ID, ts, "v2," + mac, BODY, false));
    v.add(new Vector("version V1 in upper case", SECRET, ID, ts, "V1," + mac, BODY, false));
    v.add(new Vector("version v1a", SECRET, ID, ts, "v1a," + mac, BODY, false));
    v.add(new Vector("no version", SECRET, ID, ts, mac, BODY, false));
    v.add(
        new Vector(
            "v1a then v2 then valid v1",
            SECRET,
            ID,
            ts,
            "v1a," + mac + " v2," + mac + " " + good,
            BODY,
            true));
    v.add(new Vector("body changed", SECRET, ID, ts, good, BODY.replace("77", "78"), false));
    v.add(new Vector("body with a trailing newline", SECRET, ID, ts, good, BODY + "\n", false));
    v.add(new Vector("id changed", SECRET, ID + "x", ts, good, BODY, false));
    v.add(
        new Vector(
            "timestamp changed by one second",
            SECRET,
            ID,
            Long.toString(now + 1),
            good,
            BODY,
            false));
    v.add(
        new Vector(
            "timestamp 200 s old",
            SECRET,
            ID,
            Long.toString(now - 200),
            sig(SECRET, ID, now - 200, BODY),
            BODY,
            true));
    v.add(
        new Vector(
            "timestamp 200 s ahead",
            SECRET,
            ID,
            Long.toString(now + 200),
            sig(SECRET, ID, now + 200, BODY),
            BODY,
            true));
    v.add(
        new Vector(
            "timestamp 400 s old",
            SECRET,
            ID,
            Long.toString(now - 400),
            sig(SECRET, ID, now - 400, BODY),
            BODY,
            false));
    v.add(
        new Vector(
            "timestamp 400 s ahead",
            SECRET,
            ID,
            Long.toString(now + 400),
            sig(SECRET, ID, now + 400, BODY),
            BODY,
            false));
    v.add(new Vector("timestamp not a number", SECRET, ID, "soon", good, BODY, false));
    v.add(
        new Vector(
            "timestamp in milliseconds",
            SECRET,
            ID,
            Long.toString(now * 1000),
            sig(SECRET, ID, now * 1000, BODY),
            BODY,
            false));
    v.add(new Vector("empty body", SECRET, ID, ts, sig(SECRET, ID, now, ""), "", true));
    v.add(
        new Vector(
            "non-ASCII body",
            SECRET,
            ID,
            ts,
            sig(SECRET, ID, now, "{\"n\":\"caf\u00e9 \u2603\"}"),
            "{\"n\":\"caf\u00e9 \u2603\"}",
            true));
    v.add(new Vector("empty signature header", SECRET, ID, ts, "", BODY, false));
    v.add(new Vector("v1 with empty signature", SECRET, ID, ts, "v1,", BODY, false));
    v.add(
        new Vector(
            "signatures separated by a tab", SECRET, ID, ts, other + "\t" + good, BODY, false));
    return v.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("vectors")
  void oursAndTheReferenceLibraryReachTheExpectedVerdict(Vector vector) throws Exception {
    byte[] body = vector.body().getBytes(UTF_8);
    CallbackRequest.Builder request =
        CallbackRequest.builder()
            .method("POST")
            .body(body)
            .header("webhook-id", vector.id())
            .header("webhook-timestamp", vector.timestamp())
            .header("webhook-signature", vector.signature());
    StandardWebhooksVerifier ours =
        StandardWebhooksVerifier.builder()
            .addSecret(vector.secret())
            .clock(Clock.fixed(Instant.now(), ZoneOffset.UTC))
            .build();

    boolean oursSays = ours.verify(request.build(), body).authentic;
    boolean theirsSays = referenceVerifies(vector);

    assertThat(oursSays).as("ours on: " + vector).isEqualTo(vector.valid());
    assertThat(theirsSays).as("reference library on: " + vector).isEqualTo(vector.valid());
  }

  static boolean referenceVerifies(Vector vector) throws Exception {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("webhook-id", List.of(vector.id()));
    headers.put("webhook-timestamp", List.of(vector.timestamp()));
    headers.put("webhook-signature", List.of(vector.signature()));
    try {
      new Webhook(vector.secret()).verify(vector.body(), headers);
      return true;
    } catch (WebhookVerificationException | NumberFormatException e) {
      return false;
    }
  }

  @Test
  void thePublishedExampleSignsAlikeWithTheReferenceLibraryAndVerifiesWithOurs() throws Exception {
    String payload = new String(StandardWebhooksVerifierTest.SPEC_PAYLOAD, UTF_8);

    String theirs =
        new Webhook(SECRET)
            .sign(
                StandardWebhooksVerifierTest.SPEC_ID,
                StandardWebhooksVerifierTest.SPEC_TIMESTAMP,
                payload);

    assertThat(theirs).isEqualTo(StandardWebhooksVerifierTest.SPEC_SIGNATURE);
    StandardWebhooksVerifier ours =
        StandardWebhooksVerifier.builder()
            .addSecret(SECRET)
            .clock(MutableClock.atEpochSecond(StandardWebhooksVerifierTest.SPEC_TIMESTAMP))
            .build();
    assertThat(
            ours.verify(
                    StandardWebhooksVerifierTest.specRequest(theirs),
                    StandardWebhooksVerifierTest.SPEC_PAYLOAD)
                .authentic)
        .isTrue();
    String unpadded = theirs.substring(0, theirs.length() - 1);
    assertThat(unpadded).doesNotEndWith("=");
    assertThat(
            ours.verify(
                    StandardWebhooksVerifierTest.specRequest(unpadded),
                    StandardWebhooksVerifierTest.SPEC_PAYLOAD)
                .authentic)
        .isFalse();
  }

  @Test
  void secretsShorterThanTheSpecificationsMinimumAreRefused() {
    String short23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
    String ok24 = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);

    assertThat(StandardWebhooksVerifier.MIN_SECRET_BYTES).isEqualTo(24);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StandardWebhooksVerifier.builder().addSecret(short23))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret has 23 bytes; Standard Webhooks secrets have at least 24");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StandardWebhooksSigner.of("whsec_AQ=="))
        .hasMessage("secret has 1 bytes; Standard Webhooks secrets have at least 24");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StandardWebhooksVerifier.builder().addSecret(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(StandardWebhooksVerifier.builder().addSecret(ok24).build()).isNotNull();
  }
}
