package dev.callingest.benchmarks;

import com.standardwebhooks.Webhook;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackRequest;
import dev.callingest.callback.DeliveryStore;
import dev.callingest.callback.StandardWebhooksSigner;
import dev.callingest.callback.StandardWebhooksVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 3: a signed 7 KB callback arrives as body bytes and headers. The SDK verifies the
 * Standard Webhooks signature and parses the {@code CallAnalysis} through {@link
 * CallbackReceiver#handle} with a consumer that does nothing (method, content type and size checks
 * included, and the lease renewal scheduled and cancelled; the delivery store is a no-op so that
 * every operation does the full work). The baseline verifies with
 * com.standardwebhooks:standardwebhooks, which takes the body as a String, and binds the bytes with
 * Jackson databind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebhookBenchmark {
  private static final String MESSAGE_ID = "msg_2Lb8zHq1Tn5sXo0k";

  private byte[] body;
  private Map<String, String> signedHeaders;
  private CallbackReceiver receiver;
  private Webhook webhook;

  @Setup
  public void setUp() throws Exception {
    body = Fixtures.callbackJson();
    Instant now = Instant.now();
    signedHeaders =
        StandardWebhooksSigner.of(Fixtures.WEBHOOK_SECRET).headers(MESSAGE_ID, now, body);
    receiver =
        CallbackReceiver.builder()
            .verifier(
                StandardWebhooksVerifier.builder()
                    .addSecret(Fixtures.WEBHOOK_SECRET)
                    .clock(Clock.fixed(now, ZoneOffset.UTC))
                    .build())
            .deliveryStore(new NoStore())
            .build();
    webhook = new Webhook(Fixtures.WEBHOOK_SECRET);
    CallbackOutcome outcome = sdk();
    Equivalence.check("SDK accepts the callback: " + outcome, outcome.isAccepted());
    JacksonModels.CallAnalysisDto dto =
        (JacksonModels.CallAnalysisDto) standardWebhooksAndJackson();
    Equivalence.check(
        "baseline parses the callback", dto.callId.equals(outcome.callAnalysis().get().callId()));
  }

  @Benchmark
  public CallbackOutcome sdk() {
    CallbackRequest.Builder request =
        CallbackRequest.builder()
            .method("POST")
            .body(body)
            .header("content-type", "application/json");
    signedHeaders.forEach(request::header);
    return receiver.handle(request.build(), (deliveryId, analysis) -> {});
  }

  @Benchmark
  public Object standardWebhooksAndJackson() throws Exception {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("content-type", List.of("application/json"));
    signedHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
    webhook.verify(new String(body, StandardCharsets.UTF_8), headers);
    return JacksonModels.MAPPER.readValue(body, JacksonModels.CallAnalysisDto.class);
  }

  /** Starts every delivery, so that no operation is cut short as a duplicate. */
  private static final class NoStore implements DeliveryStore {
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
  }
}
