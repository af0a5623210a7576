package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.OperationEvent;
import dev.callingest.OperationResult;
import dev.callingest.RequestEvent;
import dev.callingest.callback.CallbackOutcome;
import dev.callingest.callback.servlet.CallbackServlet;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer {@link Observation}s of the SDK, so that an application with tracing gets a span per
 * client request and per callback (and, with a meter handler, timers of the same names). Without
 * Spring, register {@link #create} on {@code ClientOptions}:
 *
 * <pre>{@code
 * CallingestObservations observations = new CallingestObservations(observationRegistry);
 * ClientOptions options = ClientOptions.builder()
 *     .credentials(credentials)
 *     .eventListener(observations.create(CallingestApi.PARTNER))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Observations</caption>
 *   <tr><th>name</th><th>low-cardinality keys</th><th>high-cardinality keys</th><th>events</th></tr>
 *   <tr><td>{@value #CLIENT}: one client request, from before its first attempt to its answer or
 *       failure, retries and the waits between them included</td>
 *       <td>{@code callingest.api} ({@code upload}, {@code partner}), {@code callingest.operation}
 *       ({@code submit}, {@code status}), {@code callingest.outcome} ({@code 2xx}, {@code 4xx},
 *       {@code 5xx}, {@code io_error}), {@code http.status_code} (the last answer's, or {@code
 *       none}), {@code callingest.attempts}</td>
 *       <td>{@code callingest.request_id}, when the server sent one</td>
 *       <td>{@code callingest.retry} before each retry, with the reason (such as {@code HTTP
 *       503})</td></tr>
 *   <tr><td>{@value #CALLBACK}: one request to the callback endpoint</td>
 *       <td>{@code callingest.outcome} ({@code accepted}, {@code duplicate}, {@code rejected},
 *       {@code failed}), {@code http.status_code}</td>
 *       <td>{@code callingest.delivery_id}, for an authentic delivery</td><td></td></tr>
 * </table>
 *
 * <p>No key holds a URL, a query, a header value, a secret or a body. Each observation's parent is
 * the observation current on the thread that starts it (the incoming HTTP request, for a call made
 * while serving one).
 */
public final class CallingestObservations
    implements ClientEventListenerFactory, CallbackServlet.OutcomeListener {
  /** The name of a client request's observation. */
  public static final String CLIENT = "callingest.client.operation";
  /** The name of a callback request's observation. */
  public static final String CALLBACK = "callingest.callback";

  private final ObservationRegistry registry;

  /**
   * Creates the observations' maker.
   *
   * @param registry where observations are made; a no-op registry makes none
   */
  public CallingestObservations(ObservationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  /**
   * A listener that makes one observation per request of a client of {@code api}.
   *
   * @param api the client's API
   * @return the listener, for {@code ClientOptions.Builder.eventListener}
   */
  @Override
  public ClientEventListener create(CallingestApi api) {
    return new ClientObservations(Objects.requireNonNull(api, "api == null").tagValue());
  }

  /**
   * Tells the callback observation current on this thread how the request ended. Called by the
   * endpoint's servlet, inside the observation the starter's filter opened.
   */
  @Override
  public void onOutcome(CallbackOutcome outcome) {
    Observation current = registry.getCurrentObservation();
    if (current == null || !CALLBACK.equals(current.getContext().getName())) return;
    current.lowCardinalityKeyValue("callingest.outcome", outcome.kind().name().toLowerCase(Locale.ROOT));
    current.lowCardinalityKeyValue("http.status_code", Integer.toString(outcome.statusCode()));
    outcome.deliveryId().ifPresent(id -> current.highCardinalityKeyValue("callingest.delivery_id", id));
  }

  /** Starts the observation of one callback request; the caller opens its scope and stops it. */
  Observation startCallback() {
    return Observation.createNotStarted(CALLBACK, registry)
        .contextualName("callingest callback")
        .lowCardinalityKeyValue("callingest.outcome", "unknown")
        .lowCardinalityKeyValue("http.status_code", "none")
        .start();
  }

  ObservationRegistry registry() {
    return registry;
  }

  @Override
  public String toString() {
    return "CallingestObservations{registry=" + registry.getClass().getSimpleName() + "}";
  }

  /** One client's observations, found by operation id: attempts of several run at once. */
  private final class ClientObservations implements ClientEventListener {
    private final String api;
    private final Map<Long, Observation> open = new ConcurrentHashMap<>();

    ClientObservations(String api) {
      this.api = api;
    }

    @Override
    public void operationStarted(OperationEvent operation) {
      if (registry.isNoop()) return;
      String name = operation(operation.method());
      Observation observation = Observation.createNotStarted(CLIENT, registry)
          .contextualName("callingest " + api + " " + name)
          .lowCardinalityKeyValue("callingest.api", api)
          .lowCardinalityKeyValue("callingest.operation", name)
          .start();
      open.put(operation.id(), observation);
    }

    @Override
    public void retryScheduled(RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
      Observation observation = open.get(failed.operationId());
      if (observation != null) {
        observation.event(Observation.Event.of("callingest.retry",
            "retry " + (failed.attempt() + 1) + " after " + reason + (inDoubt ? ", in doubt" : "")));
      }
    }

    @Override
    public void operationEnded(OperationEvent operation, OperationResult result) {
      Observation observation = open.remove(operation.id());
      if (observation == null) return;
      String status = result.statusCode().isPresent()
          ? Integer.toString(result.statusCode().getAsInt()) : "none";
      observation.lowCardinalityKeyValue("callingest.outcome", result.statusCode().isPresent()
          ? CallingestMetrics.statusClass(result.statusCode().getAsInt()) : "io_error");
      observation.lowCardinalityKeyValue("http.status_code", status);
      observation.lowCardinalityKeyValue("callingest.attempts", Integer.toString(result.attempts()));
      result.requestId().ifPresent(id -> observation.highCardinalityKeyValue("callingest.request_id", id));
      @Nullable RuntimeException failure = result.failure().orElse(null);
      if (failure != null) observation.error(failure);
      observation.stop();
    }
  }

  /** The operation, from the method alone: a path would carry the batch id. */
  static String operation(String method) {
    switch (method) {
      case "POST":
        return "submit";
      case "GET":
        return "status";
      default:
        return method.toLowerCase(Locale.ROOT);
    }
  }
}
