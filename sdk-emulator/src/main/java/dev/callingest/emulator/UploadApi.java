package dev.callingest.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The Upload API: submissions, status, validation, limits and the per-call stages. */
final class UploadApi {
  private static final int MAX_CALLS = 100;

  private final Emulator emulator;
  private final AudioFetcher fetcher;
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private final RateWindow batchesPerHour;
  private final RateWindow callsPerHour;

  UploadApi(Emulator emulator) {
    this.emulator = emulator;
    this.fetcher = new AudioFetcher(emulator);
    this.batchesPerHour = new RateWindow(Duration.ofHours(1), emulator.settings.batchesPerHour);
    this.callsPerHour = new RateWindow(Duration.ofHours(1), emulator.settings.callsPerHour);
  }

  Reply handle(Request request) {
    boolean collection = request.path.equals(Emulator.UPLOAD_PREFIX);
    String rest =
        request.path.startsWith(Emulator.UPLOAD_PREFIX + "/")
            ? request.path.substring(Emulator.UPLOAD_PREFIX.length() + 1)
            : null;
    if (!collection && (rest == null || rest.isEmpty() || rest.contains("/"))) {
      return error(404, "NOT_FOUND", "No route for " + request.method + " " + request.path);
    }
    if (collection && !request.method.equals("POST")) {
      return error(405, "METHOD_NOT_ALLOWED", "Use POST " + Emulator.UPLOAD_PREFIX)
          .header("Allow", "POST");
    }
    if (!collection && !request.method.equals("GET")) {
      return error(405, "METHOD_NOT_ALLOWED", "Use GET " + Emulator.UPLOAD_PREFIX + "/{batch_id}")
          .header("Allow", "GET");
    }
    String auth = request.header("Authorization");
    String expected = "Bearer " + emulator.settings.uploadApiKey;
    if (auth == null || !auth.equals(expected)) {
      return error(
          401,
          "UNAUTHORIZED",
          auth == null
              ? "Missing Authorization header: send Authorization: Bearer YOUR_API_KEY"
              : "Invalid API key");
    }
    return collection ? submit(request) : status(Objects.requireNonNull(rest)); // checked above
  }

  static Reply serverError() {
    return error(500, "INTERNAL_ERROR", "Internal server error");
  }

  static Reply rateLimited(long retryAfterSeconds, String message) {
    return error(429, "RATE_LIMITED", message + "; retry after " + retryAfterSeconds + " seconds")
        .header("Retry-After", Long.toString(retryAfterSeconds));
  }

  private static Reply error(int status, String code, String message) {
    return error(status, code, message, Map.of());
  }

  private static Reply error(int status, String code, String message, Map<String, Object> details) {
    return Reply.json(
        status,
        Json.obj(
            "success",
            false,
            "error",
            Json.obj("code", code, "message", message, "details", details)));
  }

  private Reply submit(Request request) {
    if (!request.isJson()) {
      return error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
    }
    Object body;
    try {
      body = Json.parse(request.body);
    } catch (java.io.IOException e) {
      return error(400, "INVALID_JSON", "Request body is not valid JSON: " + e.getMessage());
    }
    Object calls = body instanceof Map<?, ?> map ? map.get("calls") : null;
    if (!(calls instanceof List<?> list)) {
      return error(400, "VALIDATION_ERROR", "Invalid calls array: calls must be an array");
    }
    if (list.isEmpty() || list.size() > MAX_CALLS) {
      return error(
          400,
          "VALIDATION_ERROR",
          "Invalid calls array: it must hold 1 to " + MAX_CALLS + " calls, not " + list.size());
    }
    List<Object> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      List<String> errors = UploadValidation.validate(list.get(i));
      Object id = list.get(i) instanceof Map<?, ?> call ? call.get("external_id") : null;
      if (id instanceof String s && !s.isBlank() && !ids.add(s)) {
        errors.add("external_id is duplicated in this batch");
      }
      if (!errors.isEmpty()) {
        problems.add(
            Json.obj(
                "index", i, "external_id", id instanceof String ? id : null, "errors", errors));
      }
    }
    if (!problems.isEmpty()) {
      return error(400, "VALIDATION_ERROR", "Invalid calls array", Json.obj("calls", problems));
    }
    Batch batch;
    synchronized (emulator.lock) {
      Instant now = emulator.clock.instant();
      long active = batches.values().stream().filter(b -> !b.isTerminal()).count();
      if (active >= emulator.settings.concurrentBatches) {
        return rateLimited(
            1,
            "Too many concurrent batches (limit "
                + emulator.settings.concurrentBatches
                + "): wait for one to finish");
      }
      OptionalLong wait = batchesPerHour.check(now, 1);
      if (wait.isPresent()) {
        return rateLimited(
            wait.getAsLong(),
            "Batches per hour limit reached (" + emulator.settings.batchesPerHour + ")");
      }
      wait = callsPerHour.check(now, list.size());
      if (wait.isPresent()) {
        return rateLimited(
            wait.getAsLong(),
            "Calls per hour limit reached (" + emulator.settings.callsPerHour + ")");
      }
      batchesPerHour.record(now, 1);
      callsPerHour.record(now, list.size());
      batch = new Batch(Emulator.randomId("batch_", 12), now, request.header("Idempotency-Key"));
      for (int i = 0; i < list.size(); i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> call = (Map<String, Object>) list.get(i);
        batch.calls.add(new Call(i, call));
      }
      batches.put(batch.id, batch);
      emulator.changed();
    }
    for (Call call : batch.calls) {
      Duration delay =
          stage(UploadStage.PENDING).plus(emulator.settings.callStagger.multipliedBy(call.index));
      emulator.schedule(() -> startDownload(call), delay);
    }
    return Reply.json(
        200,
        Json.obj(
            "success",
            true,
            "batch_id",
            batch.id,
            "calls_submitted",
            batch.calls.size(),
            "status",
            "submitted"));
  }

  private void startDownload(Call call) {
    setStatus(call, "downloading");
    var fetch = fetcher.fetch(call.audioUrl);
    emulator.schedule(
        () ->
            fetch.whenComplete(
                (result, failure) -> {
                  if (emulator.isClosed()) {
                    return;
                  }
                  String error = failure != null ? AudioFetcher.NOT_ACCESSIBLE : result.error();
                  synchronized (emulator.lock) {
                    call.format = result == null ? null : result.format();
                    if (error != null) {
                      call.status = "failed";
                      call.error = error;
                    } else {
                      call.status = "transcribing";
                    }
                    emulator.changed();
                  }
                  if (error == null) {
                    emulator.schedule(
                        () -> {
                          setStatus(call, "analyzing");
                          emulator.schedule(() -> complete(call), stage(UploadStage.ANALYZING));
                        },
                        stage(UploadStage.TRANSCRIBING));
                  }
                }),
        stage(UploadStage.DOWNLOADING));
  }

  private void complete(Call call) {
    synchronized (emulator.lock) {
      call.status = "completed";
      call.ailaCallId = Emulator.randomId("aila_", 10);
      call.processedAt = emulator.clock.instant();
      emulator.changed();
    }
  }

  private Duration stage(UploadStage stage) {
    // The settings hold a duration for every stage.
    return Objects.requireNonNull(emulator.settings.stages.get(stage), "no duration for " + stage);
  }

  private void setStatus(Call call, String status) {
    synchronized (emulator.lock) {
      call.status = status;
      emulator.changed();
    }
  }

  private Reply status(String batchId) {
    synchronized (emulator.lock) {
      Batch batch = batches.get(batchId);
      if (batch == null) {
        return error(404, "NOT_FOUND", "Batch not found: " + batchId);
      }
      int completed = batch.count("completed");
      int failed = batch.count("failed");
      List<Object> calls = new ArrayList<>();
      for (Call call : batch.calls) {
        boolean inFlight = !call.isTerminal() && !call.status.equals("pending");
        Map<String, Object> entry =
            Json.obj(
                "external_id",
                call.externalId,
                "status",
                inFlight && emulator.settings.inFlightAsProcessing ? "processing" : call.status,
                "progress",
                inFlight ? call.status : null,
                "aila_call_id",
                call.ailaCallId,
                "processed_at",
                call.processedAt == null ? null : wireTime(call.processedAt),
                "error",
                call.error);
        calls.add(entry);
      }
      return Reply.json(
          200,
          Json.obj(
              "success",
              true,
              "batch_id",
              batch.id,
              "status",
              batch.status(),
              "submitted_at",
              wireTime(batch.submittedAt),
              "total_calls",
              batch.calls.size(),
              "processed",
              completed,
              "failed",
              failed,
              "pending",
              batch.calls.size() - completed - failed,
              "calls",
              calls));
    }
  }

  static String wireTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  boolean isIdle() {
    return batches.values().stream().allMatch(Batch::isTerminal);
  }

  List<ReceivedBatch> snapshots() {
    synchronized (emulator.lock) {
      return batches.values().stream().map(Batch::snapshot).toList();
    }
  }

  Optional<ReceivedBatch> snapshot(String batchId) {
    synchronized (emulator.lock) {
      return Optional.ofNullable(batches.get(batchId)).map(Batch::snapshot);
    }
  }

  /** A batch; its fields change under the emulator's lock only. */
  private static final class Batch {
    final String id;
    final Instant submittedAt;
    final String idempotencyKey;
    final List<Call> calls = new ArrayList<>();

    Batch(String id, Instant submittedAt, String idempotencyKey) {
      this.id = id;
      this.submittedAt = submittedAt;
      this.idempotencyKey = idempotencyKey;
    }

    int count(String status) {
      return (int) calls.stream().filter(c -> c.status.equals(status)).count();
    }

    boolean isTerminal() {
      return calls.stream().allMatch(Call::isTerminal);
    }

    String status() {
      if (isTerminal()) {
        int completed = count("completed");
        return completed == calls.size() ? "completed" : completed == 0 ? "failed" : "partial";
      }
      return calls.stream().allMatch(c -> c.status.equals("pending")) ? "submitted" : "processing";
    }

    ReceivedBatch snapshot() {
      return new ReceivedBatch(
          id,
          submittedAt,
          status(),
          Optional.ofNullable(idempotencyKey),
          calls.stream().map(Call::snapshot).toList());
    }
  }

  /** One call of a batch; its mutable fields change under the emulator's lock only. */
  private static final class Call {
    final int index;
    final String externalId;
    final String audioUrl;
    final Map<String, Object> request;
    String status = "pending";
    @Nullable String error;
    @Nullable String ailaCallId;
    @Nullable Instant processedAt;
    @Nullable String format;

    Call(int index, Map<String, Object> request) {
      this.index = index;
      this.request = request;
      this.externalId = (String) Objects.requireNonNull(request.get("external_id"));
      // Validation has checked that every call has an audio_url.
      this.audioUrl = ((String) Objects.requireNonNull(request.get("audio_url"))).trim();
    }

    boolean isTerminal() {
      return status.equals("completed") || status.equals("failed");
    }

    ReceivedCall snapshot() {
      return new ReceivedCall(
          index,
          externalId,
          audioUrl,
          status,
          Optional.ofNullable(error),
          Optional.ofNullable(ailaCallId),
          Optional.ofNullable(processedAt),
          Optional.ofNullable(format),
          Collections.unmodifiableMap(request));
    }
  }
}
