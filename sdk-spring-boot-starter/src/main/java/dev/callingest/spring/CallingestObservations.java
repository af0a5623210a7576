package dev.callingest.spring;

import dev.callingest.ClientEventListener;
import dev.callingest.OperationEvent;
import dev.callingest.OperationResult;
import dev.callingest.RequestEvent;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportBatch;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.OutcomeKind;
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
 * client request, per import batch and per callback (and, with a meter handler, timers of the same
 * names). Without Spring, register {@link #create} on {@code ClientOptions}:
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
 *   <tr><td>{@value #IMPORT_BATCH}: one batch of a bulk import, from its first submission to the
 *       outcome of each of its calls (with {@link #importListener})</td>
 *       <td>{@code callingest.api}, {@code callingest.outcome} ({@code all_accepted}, {@code
 *       some_not_accepted})</td>
 *       <td>{@code callingest.batch_number}, {@code callingest.calls}</td><td></td></tr>
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

  /** The name of an import batch's observation. */
  public static final String IMPORT_BATCH = "callingest.import.batch";

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
    current.lowCardinalityKeyValue(
        "callingest.outcome", outcome.kind().name().toLowerCase(Locale.ROOT));
    current.lowCardinalityKeyValue("http.status_code", Integer.toString(outcome.statusCode()));
    outcome
        .deliveryId()
        .ifPresent(id -> current.highCardinalityKeyValue("callingest.delivery_id", id));
  }

  /**
   * A listener that makes one {@value #IMPORT_BATCH} observation per batch of a bulk import, in
   * scope on the batch's sending thread so that the client requests of the batch are its children.
   * Pass it to the importer's builder (it is not wired for you: the importer is yours to build).
   *
   * <pre>{@code
   * partnerClient.importer().listener(observations.importListener(CallingestApi.PARTNER)).build();
   * }</pre>
   *
   * @param api the importer's API
   * @return the listener
   */
  public ImportListener importListener(CallingestApi api) {
    return new BatchObservations(Objects.requireNonNull(api, "api == null").tagValue());
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
      Observation observation =
          Observation.createNotStarted(CLIENT, registry)
              .contextualName("callingest " + api + " " + name)
              .lowCardinalityKeyValue("callingest.api", api)
              .lowCardinalityKeyValue("callingest.operation", name)
              .start();
      open.put(operation.id(), observation);
    }

    @Override
    public void retryScheduled(
        RequestEvent failed, Duration delay, String reason, boolean inDoubt) {
      Observation observation = open.get(failed.operationId());
      if (observation != null) {
        observation.event(
            Observation.Event.of(
                "callingest.retry",
                "retry "
                    + (failed.attempt() + 1)
                    + " after "
                    + reason
                    + (inDoubt ? ", in doubt" : "")));
      }
    }

    @Override
    public void operationEnded(OperationEvent operation, OperationResult result) {
      Observation observation = open.remove(operation.id());
      if (observation == null) return;
      String status =
          result.statusCode().isPresent()
              ? Integer.toString(result.statusCode().getAsInt())
              : "none";
      observation.lowCardinalityKeyValue(
          "callingest.outcome",
          result.statusCode().isPresent()
              ? CallingestMetrics.statusClass(result.statusCode().getAsInt())
              : "io_error");
      observation.lowCardinalityKeyValue("http.status_code", status);
      observation.lowCardinalityKeyValue(
          "callingest.attempts", Integer.toString(result.attempts()));
      result
          .requestId()
          .ifPresent(id -> observation.highCardinalityKeyValue("callingest.request_id", id));
      @Nullable RuntimeException failure = result.failure().orElse(null);
      if (failure != null) observation.error(failure);
      observation.stop();
    }
  }

  /** One importer's batch observations, each in scope on its sending thread while it runs. */
  private final class BatchObservations implements ImportListener {
    private final String api;
    private final Map<Integer, Observation.Scope> open = new ConcurrentHashMap<>();
    private final Map<Integer, int[]> notAccepted = new ConcurrentHashMap<>();

    BatchObservations(String api) {
      this.api = api;
    }

    @Override
    public void batchStarted(ImportBatch batch) {
      if (registry.isNoop()) return;
      Observation observation =
          Observation.createNotStarted(IMPORT_BATCH, registry)
              .contextualName("callingest " + api + " import batch")
              .lowCardinalityKeyValue("callingest.api", api)
              .highCardinalityKeyValue("callingest.batch_number", Integer.toString(batch.number()))
              .highCardinalityKeyValue("callingest.calls", Integer.toString(batch.calls()))
              .start();
      observation.getContext().put(BatchObservations.class, batch.number());
      notAccepted.put(batch.number(), new int[1]);
      open.put(batch.number(), observation.openScope());
    }

    @Override
    public void onOutcome(CallOutcome outcome) {
      Observation current = registry.getCurrentObservation();
      if (current == null || !IMPORT_BATCH.equals(current.getContext().getName())) return;
      Integer number = current.getContext().get(BatchObservations.class);
      int[] count = number == null ? null : notAccepted.get(number);
      if (count != null && outcome.kind() != OutcomeKind.ACCEPTED) count[0]++;
    }

    @Override
    public void batchEnded(ImportBatch batch) {
      Observation.Scope scope = open.remove(batch.number());
      int[] count = notAccepted.remove(batch.number());
      if (scope == null) return;
      Observation observation = scope.getCurrentObservation();
      scope.close();
      observation.lowCardinalityKeyValue(
          "callingest.outcome",
          count != null && count[0] == 0 ? "all_accepted" : "some_not_accepted");
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
