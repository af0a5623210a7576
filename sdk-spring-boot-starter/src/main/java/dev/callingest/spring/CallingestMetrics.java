package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.RequestEvent;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.servlet.CallbackServlet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer meters for both clients, bulk imports and the callback endpoint. Tags are drawn from
 * small fixed sets: the API, the operation, a status class, an outcome. Never a batch id, a call id
 * or a URL, so the number of time series stays bounded.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code callingest.client.requests}</td><td>timer</td>
 *       <td>{@code api}, {@code operation} ({@code submit}, {@code status}), {@code status}
 *       ({@code 2xx}, {@code 4xx}, {@code 5xx}, {@code io_error})</td></tr>
 *   <tr><td>{@code callingest.client.retries}</td><td>counter</td>
 *       <td>{@code api}, {@code operation}, {@code in_doubt} ({@code true}, {@code false})</td></tr>
 *   <tr><td>{@code callingest.client.rate.limited}</td><td>counter</td>
 *       <td>{@code api}, {@code operation}: answers with HTTP 429</td></tr>
 *   <tr><td>{@code callingest.client.pacing.waits}</td><td>timer</td>
 *       <td>{@code api}, {@code limit}: how long client-side pacing held submissions back</td></tr>
 *   <tr><td>{@code callingest.import.outcomes}</td><td>counter</td>
 *       <td>{@code api}, {@code outcome} ({@code accepted}, {@code rejected}, {@code failed}, ...)</td></tr>
 *   <tr><td>{@code callingest.callback.outcomes}</td><td>counter</td>
 *       <td>{@code outcome} ({@code accepted}, {@code duplicate}, {@code rejected}, {@code failed}),
 *       {@code status} ({@code 2xx}, {@code 4xx}, {@code 5xx})</td></tr>
 * </table>
 *
 * <p>The clients and the callback endpoint are wired to it by the starter. A bulk import is not:
 * pass {@link #importListener} to the importer's builder.
 */
public final class CallingestMetrics
    implements ClientEventListenerFactory, CallbackServlet.OutcomeListener {
  private final MeterRegistry registry;

  /**
   * Creates the meters' owner.
   *
   * @param registry where the meters are registered
   */
  public CallingestMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  @Override
  public ClientEventListener create(CallingestApi api) {
    Objects.requireNonNull(api, "api == null");
    return new ClientMeters(api.tagValue());
  }

  /**
   * A listener that counts each call's outcome of a bulk import.
   *
   * <pre>{@code
   * partnerClient.importer().listener(metrics.importListener(CallingestApi.PARTNER)).build();
   * }</pre>
   *
   * @param api the importer's API
   * @return the listener
   */
  public ImportListener importListener(CallingestApi api) {
    String apiTag = Objects.requireNonNull(api, "api == null").tagValue();
    return new ImportListener() {
      @Override
      public void onOutcome(CallOutcome outcome) {
        Counter.builder("callingest.import.outcomes")
            .description("Calls of bulk imports, by how each ended")
            .tag("api", apiTag)
            .tag("outcome", outcome.kind().name().toLowerCase(Locale.ROOT))
            .register(registry)
            .increment();
      }
    };
  }

  /** Counts one callback request by its outcome. */
  @Override
  public void onOutcome(CallbackOutcome outcome) {
    Counter.builder("callingest.callback.outcomes")
        .description("Callback requests, by the receiver's decision")
        .tag("outcome", outcome.kind().name().toLowerCase(Locale.ROOT))
        .tag("status", statusClass(outcome.statusCode()))
        .register(registry)
        .increment();
  }

  @Override
  public String toString() {
    return "CallingestMetrics{registry=" + registry.getClass().getSimpleName() + "}";
  }

  static String statusClass(int status) {
    return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
  }

  /** The operation, from the method alone: a path would carry the batch id. */
  static String operation(RequestEvent request) {
    switch (request.method()) {
      case "POST":
        return "submit";
      case "GET":
        return "status";
      default:
        return request.method().toLowerCase(Locale.ROOT);
    }
  }

  private final class ClientMeters implements ClientEventListener {
    private final String api;

    ClientMeters(String api) {
      this.api = api;
    }

    @Override
    public void responseReceived(RequestEvent request, int statusCode, Duration elapsed) {
      requestTimer(request, statusClass(statusCode)).record(elapsed);
      if (statusCode == 429) {
        Counter.builder("callingest.client.rate.limited")
            .description("Answers with HTTP 429 Too Many Requests")
            .tag("api", api)
            .tag("operation", operation(request))
            .register(registry)
            .increment();
      }
    }

    @Override
    public void requestFailed(RequestEvent request, IOException failure, Duration elapsed) {
      requestTimer(request, "io_error").record(elapsed);
    }

    @Override
    public void retryScheduled(
        RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
      Counter.builder("callingest.client.retries")
          .description("Retries scheduled after a failed attempt")
          .tag("api", api)
          .tag("operation", operation(failed))
          .tag("in_doubt", Boolean.toString(inDoubt))
          .register(registry)
          .increment();
    }

    @Override
    public void rateLimitWait(String limit, Duration wait) {
      Timer.builder("callingest.client.pacing.waits")
          .description("Time client-side pacing held a submission back")
          .tag("api", api)
          .tag("limit", limit)
          .register(registry)
          .record(wait);
    }

    private Timer requestTimer(RequestEvent request, String status) {
      return Timer.builder("callingest.client.requests")
          .description("HTTP attempts to the API, from sending to the end of the response")
          .tag("api", api)
          .tag("operation", operation(request))
          .tag("status", status)
          .register(registry);
    }
  }
}
