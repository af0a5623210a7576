package dev.callingest.emulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** The Partner API: authentication, validation, idempotent items and signed callbacks. */
final class PartnerApi {
  /** The document's 5 MB request limit, read as 5 MiB of serialized bytes. */
  static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

  /** The document's "retry up to 3 times": one delivery and three retries. */
  static final int MAX_ATTEMPTS = 4;

  private final Emulator emulator;
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final List<CallbackAttempt> attempts = new ArrayList<>();
  private final RateWindow requestsPerMinute;
  private final AudioFetcher fetcher;

  PartnerApi(Emulator emulator) {
    this.emulator = emulator;
    this.fetcher = new AudioFetcher(emulator);
    this.requestsPerMinute =
        new RateWindow(Duration.ofMinutes(1), emulator.settings.partnerRequestsPerMinute);
  }

  static Reply serverError() {
    return message(500, "Internal server error");
  }

  static Reply rateLimited(long seconds) {
    return message(429, "Rate limit exceeded. Try again in " + seconds + " seconds.");
  }

  private static Reply message(int status, String message) {
    return Reply.json(status, Json.obj("success", false, "message", message));
  }

  Reply handle(Request request) {
    if (!request.path.equals(Emulator.PARTNER_PATH)) {
      return message(404, "Cannot " + request.method + " " + request.path);
    }
    if (!request.method.equals("POST")) {
      return message(405, "Use POST " + Emulator.PARTNER_PATH).header("Allow", "POST");
    }
    Emulator.Settings s = emulator.settings;
    if (!s.partnerApiKey.equals(request.header("x-api-key"))
        || !s.partnerApiSecret.equals(request.header("x-api-secret"))) {
      return message(403, "Forbidden");
    }
    String tenant = request.header("x-tenant-id");
    if (tenant == null || tenant.isBlank()) {
      return message(400, "Tenant ID is required");
    }
    String subTenant = request.header("x-sub-tenant-id");
    if (subTenant == null || subTenant.isBlank()) {
      return message(400, "Subtenant ID is required");
    }
    if (!s.tenantId.equals(tenant) || !s.subTenantId.equals(subTenant)) {
      return message(403, "Forbidden");
    }
    if (s.partnerRequestsPerMinute > 0) {
      synchronized (emulator.lock) {
        Instant now = emulator.clock.instant();
        OptionalLong wait = requestsPerMinute.check(now, 1);
        if (wait.isPresent()) {
          return rateLimited(wait.getAsLong());
        }
        requestsPerMinute.record(now, 1);
      }
    }
    if (!request.isJson()) {
      return message(415, "Content-Type must be application/json");
    }
    if (request.body.length > MAX_REQUEST_BYTES) {
      return message(413, "Request payload is larger than 5MB");
    }
    Object body;
    try {
      body = Json.parse(request.body);
    } catch (java.io.IOException e) {
      return message(400, "Request body is not valid JSON");
    }
    List<Map<String, Object>> errors = PartnerValidation.validate(body);
    if (!errors.isEmpty()) {
      return Reply.json(
          422, Json.obj("success", false, "message", "Validation failed", "errors", errors));
    }
    // Validation has checked that data is a list of items, each with a call and its id.
    accept((List<?>) Objects.requireNonNull(((Map<?, ?>) body).get("data")), tenant, subTenant);
    return Reply.json(200, Json.obj("success", true));
  }

  private void accept(List<?> data, String tenant, String subTenant) {
    List<Item> fresh = new ArrayList<>();
    synchronized (emulator.lock) {
      for (Object element : data) {
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) element;
        String callId =
            (String)
                Objects.requireNonNull(
                    ((Map<?, ?>) Objects.requireNonNull(item.get("call"))).get("id"));
        Item known = items.get(callId);
        if (known != null) {
          known.submissions++;
          continue;
        }
        Item created = new Item(callId, tenant, subTenant, emulator.clock.instant(), item);
        items.put(callId, created);
        fresh.add(created);
      }
      emulator.changed();
    }
    for (Item item : fresh) {
      emulator.schedule(() -> process(item), emulator.settings.callbackDelay);
    }
  }

  private void process(Item item) {
    String url =
        String.valueOf(
            ((Map<?, ?>) Objects.requireNonNull(item.request.get("call"))).get("recording_url"));
    CompletableFuture<AudioFetcher.Result> fetch;
    try {
      fetch = fetcher.fetch(url);
    } catch (RuntimeException e) {
      fetch =
          CompletableFuture.completedFuture(
              new AudioFetcher.Result(AudioFetcher.NOT_ACCESSIBLE, null));
    }
    fetch.whenComplete(
        (result, failure) -> {
          if (failure == null && result.error() == null) {
            analyse(item);
            return;
          }
          // As the document implies: an unfetchable recording is never processed, so no callback
          // comes.
          synchronized (emulator.lock) {
            item.state = PartnerItem.State.RECORDING_UNREACHABLE;
            emulator.changed();
          }
        });
  }

  private void analyse(Item item) {
    byte[] body =
        Json.write(CallbackPayloads.analysis(item.callId, item.request, emulator.clock.instant()));
    synchronized (emulator.lock) {
      item.callbackBody = body;
      item.state =
          item.callbackUrl == null
              ? PartnerItem.State.PROCESSED_WITHOUT_CALLBACK
              : PartnerItem.State.DELIVERING;
      emulator.changed();
    }
    if (item.callbackUrl != null) {
      deliver(item, 1);
    }
  }

  private void deliver(Item item, int attempt) {
    if (emulator.isClosed()) {
      return;
    }
    // Only items with a callback URL are delivered, after their body is set.
    String callbackUrl = Objects.requireNonNull(item.callbackUrl, "callbackUrl");
    byte[] callbackBody = Objects.requireNonNull(item.callbackBody, "callbackBody");
    WebhookSigner signer = emulator.settings.signer;
    Instant at = emulator.clock.instant();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(callbackUrl))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "callingest-emulator")
            .POST(HttpRequest.BodyPublishers.ofByteArray(callbackBody));
    if (signer != null) {
      long timestamp = at.getEpochSecond();
      request
          .header("webhook-id", item.messageId)
          .header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", signer.sign(item.messageId, timestamp, callbackBody));
    }
    emulator
        .httpClient()
        .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              int status = response == null ? 0 : response.statusCode();
              String error = failure == null ? null : describe(failure);
              boolean ok = status / 100 == 2;
              synchronized (emulator.lock) {
                if (emulator.isClosed()) {
                  return;
                }
                attempts.add(
                    new CallbackAttempt(
                        item.callId,
                        callbackUrl,
                        item.messageId,
                        attempt,
                        at,
                        status,
                        Optional.ofNullable(error)));
                if (ok) {
                  item.state = PartnerItem.State.DELIVERED;
                } else if (attempt >= MAX_ATTEMPTS) {
                  item.state = PartnerItem.State.DELIVERY_FAILED;
                }
                emulator.changed();
              }
              if (!ok && attempt < MAX_ATTEMPTS) {
                Duration backoff =
                    emulator.settings.callbackBackoff.multipliedBy(1L << (attempt - 1));
                emulator.schedule(() -> deliver(item, attempt + 1), backoff);
              }
            });
  }

  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  boolean isIdle() {
    return items.values().stream().allMatch(i -> i.state.isFinal());
  }

  Map<String, PartnerItem> snapshots() {
    synchronized (emulator.lock) {
      Map<String, PartnerItem> copy = new LinkedHashMap<>();
      items.forEach((id, item) -> copy.put(id, item.snapshot()));
      return Collections.unmodifiableMap(copy);
    }
  }

  List<CallbackAttempt> attempts() {
    synchronized (emulator.lock) {
      return List.copyOf(attempts);
    }
  }

  /** One call id's item; mutable fields change under the emulator's lock only. */
  private static final class Item {
    final String callId;
    final String tenant;
    final String subTenant;
    final Instant receivedAt;
    final Map<String, Object> request;
    final @Nullable String callbackUrl;
    final String messageId = Emulator.randomId("msg_", 24);
    int submissions = 1;
    PartnerItem.State state = PartnerItem.State.PROCESSING;
    byte @Nullable [] callbackBody;

    Item(
        String callId,
        String tenant,
        String subTenant,
        Instant receivedAt,
        Map<String, Object> request) {
      this.callId = callId;
      this.tenant = tenant;
      this.subTenant = subTenant;
      this.receivedAt = receivedAt;
      this.request = request;
      this.callbackUrl = (String) request.get("callback_url");
    }

    PartnerItem snapshot() {
      return new PartnerItem(
          callId,
          tenant,
          subTenant,
          receivedAt,
          submissions,
          Optional.ofNullable(callbackUrl),
          state,
          Optional.ofNullable(callbackBody)
              .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)),
          Collections.unmodifiableMap(request));
    }
  }
}
