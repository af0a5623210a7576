package dev.callingest.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.analysis.CallAnalysis;
import dev.callingest.analysis.CallAnalysisIntent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallbackReceiverTest {
  static final CallbackConsumer NOOP = (deliveryId, analysis) -> {};
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  static final byte[] BODY =
      "{\"call_id\":\"call_12345\",\"intent\":\"INTERESTED\",\"quality_score\":42}".getBytes(UTF_8);

  final MutableClock clock = new MutableClock(NOW);
  final InMemoryDeliveryStore store = InMemoryDeliveryStore.create(1000, clock);
  final CallbackReceiver receiver =
      CallbackReceiver.builder()
          .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).clock(clock).build())
          .deliveryStore(store)
          .build();

  static CallbackRequest.Builder signed(String id, byte[] body) {
    CallbackRequest.Builder builder =
        CallbackRequest.builder()
            .method("POST")
            .header("Content-Type", "application/json; charset=utf-8");
    StandardWebhooksSigner.of(SECRET).headers(id, NOW, body).forEach(builder::header);
    return builder.body(body);
  }

  @Test
  void acceptsAnAuthenticCallbackWithItsAnalysis() {
    CallbackOutcome outcome = receiver.handle(signed("msg_1", BODY).build(), NOOP);

    assertThat(outcome.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(outcome.isAccepted()).isTrue();
    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(outcome.deliveryId()).contains("msg_1");
    CallAnalysis analysis = outcome.callAnalysis().orElseThrow();
    assertThat(analysis.callId()).isEqualTo("call_12345");
    assertThat(analysis.intent()).contains(CallAnalysisIntent.INTERESTED);
    assertThat(outcome.toString())
        .isEqualTo("CallbackOutcome{ACCEPTED 200, deliveryId=msg_1, reason=accepted}");
  }

  @Test
  void secondDeliveryOfTheSameIdIsADuplicate() {
    receiver.handle(signed("msg_1", BODY).build(), NOOP);

    CallbackOutcome again = receiver.handle(signed("msg_1", BODY).build(), NOOP);

    assertThat(again.kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.isAccepted()).isFalse();
    assertThat(again.reason()).isEqualTo("delivery msg_1 was already handled");
    assertThat(receiver.handle(signed("msg_2", BODY).build(), NOOP).isAccepted()).isTrue();
  }

  @Test
  void deliveryIdsAreForgottenAfterTheTtl() {
    CallbackReceiver shortMemory =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).clock(clock).build())
            .deliveryStore(store)
            .deduplicationTtl(Duration.ofMinutes(10))
            .build();
    shortMemory.handle(signed("msg_1", BODY).build(), NOOP);

    clock.set(NOW.plus(Duration.ofMinutes(4)));
    assertThat(shortMemory.handle(signed("msg_1", BODY).build(), NOOP).kind())
        .isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    // Past the TTL the timestamp check refuses a replay anyway: the TTL is twice the tolerance.
    clock.set(NOW.plus(Duration.ofMinutes(10)));
    assertThat(shortMemory.handle(signed("msg_1", BODY).build(), NOOP).statusCode()).isEqualTo(401);
  }

  @Test
  void aStoreWithLessRetentionThanTheReplayWindowOrTheTtlIsRefused() {
    assertThatThrownBy(
            () ->
                CallbackReceiver.builder()
                    .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
                    .deliveryStore(storeKeeping(Duration.ofSeconds(599)))
                    .deduplicationTtl(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the delivery store keeps deliveries for PT9M59S, less than the verifier's replay window"
                + " of PT10M: a replayed request could be handled twice");
    assertThatThrownBy(
            () ->
                CallbackReceiver.builder()
                    .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).build())
                    .deliveryStore(storeKeeping(Duration.ofHours(1)))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the delivery store keeps deliveries for PT1H, less than deduplicationTtl PT24H");
    assertThatThrownBy(() -> CallbackReceiver.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("verifier is required: choose a verification scheme explicitly");
  }

  @Test
  void consumerFailureAnswers500AndTheRetryRunsItAgain() {
    AtomicInteger calls = new AtomicInteger();
    List<String> handled = new ArrayList<>();
    CallbackConsumer flaky =
        (deliveryId, analysis) -> {
          if (calls.incrementAndGet() == 1) throw new IOException("database down");
          handled.add(deliveryId + ":" + analysis.callId());
        };

    CallbackOutcome first = receiver.handle(signed("msg_1", BODY).build(), flaky);
    assertThat(first.kind()).isEqualTo(CallbackOutcome.Kind.FAILED);
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.reason()).isEqualTo("consumer failed with java.io.IOException");
    assertThat(first.failure().orElseThrow()).hasMessage("database down");

    CallbackOutcome retry = receiver.handle(signed("msg_1", BODY).build(), flaky);
    assertThat(retry.kind()).isEqualTo(CallbackOutcome.Kind.ACCEPTED);
    assertThat(handled).containsExactly("msg_1:call_12345");

    CallbackOutcome third = receiver.handle(signed("msg_1", BODY).build(), flaky);
    assertThat(third.kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    assertThat(calls).hasValue(2);
  }

  @Test
  void consumerIsNotRunForRejectedRequests() {
    AtomicInteger calls = new AtomicInteger();
    CallbackOutcome outcome =
        receiver.handle(
            signed("msg_1", BODY).body("{\"call_id\":\"forged\"}".getBytes(UTF_8)).build(),
            (id, analysis) -> calls.incrementAndGet());

    assertThat(outcome.statusCode()).isEqualTo(401);
    assertThat(calls).hasValue(0);
  }

  @Test
  void bodyOverTheLimitIsRefusedWith413() {
    CallbackReceiver small =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).clock(clock).build())
            .maxBodyBytes(BODY.length - 1)
            .build();

    CallbackOutcome outcome = small.handle(signed("msg_1", BODY).build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(413);
    assertThat(outcome.reason())
        .isEqualTo("body is larger than the limit of " + (BODY.length - 1) + " bytes");
    CallbackReceiver exact =
        CallbackReceiver.builder()
            .verifier(StandardWebhooksVerifier.builder().addSecret(SECRET).clock(clock).build())
            .maxBodyBytes(BODY.length)
            .build();
    assertThat(exact.handle(signed("msg_1", BODY).build(), NOOP).isAccepted()).isTrue();
  }

  @Test
  void declaredLengthOverTheLimitIsRefusedWithoutReading() {
    CountingStream stream = new CountingStream(new byte[10]);

    CallbackOutcome outcome =
        receiver.handle(
            signed("msg_1", BODY)
                .body(stream, CallbackReceiver.DEFAULT_MAX_BODY_BYTES + 1L)
                .build(),
            NOOP);

    assertThat(outcome.statusCode()).isEqualTo(413);
    assertThat(stream.read).isZero();
  }

  @Test
  void streamWithoutDeclaredLengthIsReadNoFurtherThanTheLimit() {
    CountingStream stream =
        new CountingStream(new byte[CallbackReceiver.DEFAULT_MAX_BODY_BYTES * 3]);

    CallbackOutcome outcome = receiver.handle(signed("msg_1", BODY).body(stream, -1).build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(413);
    assertThat(stream.read).isEqualTo(CallbackReceiver.DEFAULT_MAX_BODY_BYTES + 1);
  }

  @Test
  void streamedBodyWithinTheLimitIsVerifiedOnItsBytes() {
    CallbackOutcome outcome =
        receiver.handle(
            signed("msg_1", BODY).body(new ByteArrayInputStream(BODY), BODY.length).build(), NOOP);

    assertThat(outcome.isAccepted()).isTrue();
  }

  @Test
  void unreadableStreamIsA400() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    CallbackOutcome outcome = receiver.handle(signed("msg_1", BODY).body(broken, 10).build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(400);
    assertThat(outcome.reason()).isEqualTo("the body could not be read: java.io.IOException");
  }

  @Test
  void nonJsonContentTypeIsRefusedWith415() {
    CallbackRequest request =
        CallbackRequest.builder()
            .method("POST")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("call_id=c1".getBytes(UTF_8))
            .build();

    CallbackOutcome outcome = receiver.handle(request, NOOP);

    assertThat(outcome.statusCode()).isEqualTo(415);
    assertThat(outcome.reason()).isEqualTo("content type is not JSON");
  }

  @Test
  void jsonSuffixedContentTypesAndNoContentTypeAreAccepted() {
    CallbackRequest.Builder vendor = signed("msg_1", BODY).header("content-type", "ignored");
    CallbackRequest noType =
        CallbackRequest.builder()
            .method("POST")
            .headers(
                Map.of(
                    "webhook-id", List.of("msg_2"),
                    "webhook-timestamp", List.of(Long.toString(NOW.getEpochSecond())),
                    "webhook-signature",
                        List.of(
                            StandardWebhooksSigner.of(SECRET)
                                .signature("msg_2", NOW.getEpochSecond(), BODY))))
            .body(BODY)
            .build();

    assertThat(receiver.handle(noType, NOOP).isAccepted()).isTrue();
    CallbackRequest problemJson =
        CallbackRequest.builder()
            .method("POST")
            .header("Content-Type", "application/vnd.partner+json")
            .headers(
                Map.of(
                    "webhook-id", List.of("msg_3"),
                    "webhook-timestamp", List.of(Long.toString(NOW.getEpochSecond())),
                    "webhook-signature",
                        List.of(
                            StandardWebhooksSigner.of(SECRET)
                                .signature("msg_3", NOW.getEpochSecond(), BODY))))
            .body(BODY)
            .build();
    assertThat(receiver.handle(problemJson, NOOP).isAccepted()).isTrue();
    assertThat(vendor.build().headers("Content-Type")).hasSize(2);
  }

  @Test
  void authenticButMalformedJsonIsA400() {
    byte[] broken = "{\"call_id\":\"c1\",".getBytes(UTF_8);

    CallbackOutcome outcome = receiver.handle(signed("msg_1", broken).build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(400);
    assertThat(outcome.reason()).startsWith("callback body is");
    assertThat(store.size()).isZero();
  }

  @Test
  void authenticJsonWithoutCallIdIsA400() {
    CallbackOutcome outcome =
        receiver.handle(signed("msg_1", "{\"intent\":\"X\"}".getBytes(UTF_8)).build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(400);
    assertThat(outcome.reason()).contains("call_id is missing, null or blank at path $.call_id");
  }

  @Test
  void onlyPostIsAccepted() {
    CallbackOutcome outcome = receiver.handle(signed("msg_1", BODY).method("GET").build(), NOOP);

    assertThat(outcome.statusCode()).isEqualTo(405);
    assertThat(outcome.reason()).isEqualTo("method GET is not POST");
  }

  @Test
  void insecureVerifierAcceptsUnsignedCallbacksByCallId() {
    CallbackVerifier insecure =
        CallbackVerifier.insecureAcceptUnsignedCallbacksForLocalDevelopmentOnly();
    CallbackReceiver devReceiver = CallbackReceiver.builder().verifier(insecure).build();
    CallbackRequest unsigned = CallbackRequest.builder().method("POST").body(BODY).build();

    CallbackOutcome outcome = devReceiver.handle(unsigned, NOOP);

    assertThat(outcome.isAccepted()).isTrue();
    assertThat(outcome.deliveryId()).contains("call_12345");
    assertThat(devReceiver.handle(unsigned, NOOP).kind()).isEqualTo(CallbackOutcome.Kind.DUPLICATE);
    assertThat(insecure.toString()).contains("INSECURE");
  }

  @Test
  void noSecretAppearsInAnyReasonOrToString() {
    String secretBody = SECRET.substring("whsec_".length());
    String expected =
        StandardWebhooksSigner.of(SECRET).signature("msg_1", NOW.getEpochSecond(), BODY);
    List<CallbackOutcome> outcomes =
        List.of(
            receiver.handle(signed("msg_1", "{\"x\":1}".getBytes(UTF_8)).body(BODY).build(), NOOP),
            receiver.handle(
                signed("msg_1", BODY).header("webhook-signature", "v1,AAAA").build(), NOOP),
            receiver.handle(signed("msg_1", "{".getBytes(UTF_8)).build(), NOOP),
            receiver.handle(
                signed("msg_9", BODY).build(),
                (id, a) -> {
                  throw new IllegalStateException(SECRET);
                }));
    for (CallbackOutcome outcome : outcomes) {
      assertThat(outcome.reason()).doesNotContain(secretBody).doesNotContain(expected.substring(3));
      assertThat(outcome.toString())
          .doesNotContain(secretBody)
          .doesNotContain(expected.substring(3));
    }
    assertThat(receiver.toString()).doesNotContain(secretBody);
  }

  /** Counts the bytes read, to prove the receiver stops at its limit. */
  static final class CountingStream extends InputStream {
    private final InputStream in;
    int read;

    CountingStream(byte[] data) {
      this.in = new ByteArrayInputStream(data);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) read++;
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = in.read(buffer, off, len);
      if (n > 0) read += n;
      return n;
    }
  }

  static DeliveryStore storeKeeping(Duration retention) {
    return new DeliveryStore() {
      @Override
      public Begin begin(String deliveryId, String owner, Duration leaseTtl) {
        return Begin.STARTED;
      }

      @Override
      public boolean complete(String deliveryId, String owner, Duration doneTtl) {
        return true;
      }

      @Override
      public boolean abandon(String deliveryId, String owner) {
        return true;
      }

      @Override
      public boolean renew(String deliveryId, String owner, Duration leaseTtl) {
        return true;
      }

      @Override
      public Duration retention() {
        return retention;
      }
    };
  }
}
