package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A captured callback is handled once for as long as its scheme would accept it again. */
class ReplayWindowTest {
  static final CallbackConsumer NOOP = (deliveryId, analysis) -> {};
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  static final String BASE = "https://crm.example.com/hooks/partner";

  final MutableClock clock = new MutableClock(NOW);
  final CallbackUrlKey key = CallbackUrlKey.of("2026-01", CallbackUrlTest.filled(7));
  final CallbackUrlSigner signer = CallbackUrlSigner.builder().key(key).clock(clock).build();
  final CallbackUrlVerifier urlVerifier =
      CallbackUrlVerifier.builder().addKey(key).clock(clock).build();

  static byte[] body(String callId, String intent) {
    return ("{\"call_id\":\"" + callId + "\",\"intent\":\"" + intent + "\"}").getBytes(UTF_8);
  }

  static CallbackRequest post(String url, byte[] body) {
    return CallbackRequest.builder().method("POST").uri(url).body(body).build();
  }

  @Test
  void replayWindowsAreWhatTheSchemesAccept() {
    assertThat(CallbackUrlSigner.DEFAULT_VALIDITY).isEqualTo(Duration.ofHours(72));
    assertThat(urlVerifier.replayWindow()).isEqualTo(Duration.ofHours(72).plusMinutes(2));
    assertThat(
            CallbackUrlVerifier.builder()
                .addKey(key)
                .maxValidity(Duration.ofHours(1))
                .skew(Duration.ofSeconds(5))
                .build()
                .replayWindow())
        .isEqualTo(Duration.ofSeconds(3610));
    assertThat(
            StandardWebhooksVerifier.builder()
                .addSecret(StandardWebhooksSigner.generateSecret())
                .build()
                .replayWindow())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aCapturedUrlIsADuplicateUntilItExpiresEvenPastTheDeduplicationTtl() {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(urlVerifier)
            .deliveryStore(InMemoryDeliveryStore.create(100, clock))
            .deduplicationTtl(Duration.ofHours(1))
            .build();
    String url = signer.sign(BASE, "call_1");
    byte[] body = body("call_1", "INTERESTED");

    assertThat(receiver.handle(post(url, body), NOOP).kind())
        .isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    clock.set(NOW.plus(Duration.ofHours(72)).plusSeconds(60)); // the last second the URL verifies
    assertThat(receiver.handle(post(url, body), NOOP).kind())
        .isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    clock.set(NOW.plus(Duration.ofHours(72)).plusSeconds(61));
    CallbackOutcome late = receiver.handle(post(url, body), NOOP);
    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(late.reason()).startsWith("callback URL expired at 2026-01-18T10:00:00Z");
  }

  @Test
  void aUrlValidForLongerThanTheVerifierAllowsIsRefused() {
    String url = signer.sign(BASE, "call_2", NOW.plus(Duration.ofHours(72)).plusSeconds(61));

    CallbackOutcome outcome =
        CallbackReceiver.builder()
            .verifier(urlVerifier)
            .build()
            .handle(post(url, body("call_2", "INTERESTED")), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(401);
    assertThat(outcome.reason())
        .isEqualTo(
            "callback URL expires at 2026-01-18T10:01:01Z, further ahead than"
                + " maxValidity 259200 s (skew 60 s)");
    String edge = signer.sign(BASE, "call_3", NOW.plus(Duration.ofHours(72)).plusSeconds(60));
    assertThat(urlVerifier.verify(post(edge, body("call_3", "X")), body("call_3", "X")).authentic)
        .isTrue();
  }

  @Test
  void aSecondDifferentBodyForAnAcceptedCallIsADuplicateAndNeverReachesTheConsumer() {
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(urlVerifier)
            .deliveryStore(InMemoryDeliveryStore.create(100, clock))
            .build();
    String url = signer.sign(BASE, "call_4");
    List<String> handled = new ArrayList<>();

    CallbackOutcome first =
        receiver.handle(
            post(url, body("call_4", "INTERESTED")),
            (id, analysis) -> handled.add(analysis.rawIntent().orElse("?")));
    CallbackOutcome forged =
        receiver.handle(
            post(url, body("call_4", "NOT_INTERESTED")),
            (id, analysis) -> handled.add(analysis.rawIntent().orElse("?")));

    assertThat(first.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(forged.kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    assertThat(forged.statusCode()).isEqualTo(200);
    assertThat(handled).containsExactly("INTERESTED");
  }

  @Test
  void standardWebhooksIdsAreRememberedAtLeastTheTtlThenTheTimestampRefuses() {
    String secret = StandardWebhooksSigner.generateSecret();
    CallbackReceiver receiver =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(secret).clock(clock).build())
            .deliveryStore(InMemoryDeliveryStore.create(100, clock))
            .build();
    byte[] body = body("call_5", "INTERESTED");
    // Signed 5 minutes ahead of our clock: it verifies until 10 minutes from now.
    CallbackRequest.Builder request = CallbackRequest.builder().method("POST").body(body);
    StandardWebhooksSigner.of(secret)
        .headers("msg_5", NOW.plusSeconds(300), body)
        .forEach(request::header);

    assertThat(receiver.handle(request.build(), NOOP).isAccepted()).isTrue();
    clock.set(NOW.plusSeconds(600));
    assertThat(receiver.handle(request.build(), NOOP).kind())
        .isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    clock.set(NOW.plusSeconds(601));
    assertThat(receiver.handle(request.build(), NOOP).statusCode()).isEqualTo(401);
  }

  @Test
  void theInsecureVerifierWarnsOnEveryRequestItLetsThrough() {
    Logger logger = Logger.getLogger(CallbackVerifier.class.getName());
    List<String> warnings = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue())
              warnings.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      CallbackReceiver receiver =
          CallbackReceiver.builder()
              .verifier(CallbackVerifier.insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly())
              .build();
      assertThat(warnings).hasSize(1);
      for (int i = 0; i < 3; i++) {
        assertThat(receiver.handle(post("/cb", body("call_" + i, "X")), NOOP).isAccepted())
            .isTrue();
      }
      assertThat(warnings).hasSize(4);
      assertThat(warnings.get(3)).contains("WITHOUT verification");
    } finally {
      logger.removeHandler(capture);
    }
  }
}
