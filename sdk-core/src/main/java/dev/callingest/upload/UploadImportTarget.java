package dev.callingest.upload;

import dev.callingest.RequestOptions;
import dev.callingest.Violation;
import dev.callingest.bulk.ImportCancellation;
import dev.callingest.bulk.ImportTarget;
import dev.callingest.internal.CancelSignal;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.RecordingPreflight;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The Upload API as seen by the bulk importer. */
final class UploadImportTarget implements ImportTarget<UploadCall> {
  private final UploadClient client;
  private final WaitOptions waitOptions;

  UploadImportTarget(UploadClient client, WaitOptions waitOptions) {
    this.client = client;
    this.waitOptions = waitOptions;
  }

  @Override
  public String idOf(UploadCall call) {
    return call.externalId();
  }

  @Override
  public List<Violation> validate(UploadCall call) {
    return UploadValidator.violations(call);
  }

  @Override
  public int maxBatchSize() {
    return UploadBatch.MAX_CALLS;
  }

  @Override
  public long maxBatchBytes() {
    return Long.MAX_VALUE; // The Upload API documents no request size limit.
  }

  @Override
  public long encodedSize(UploadCall call) {
    return 0;
  }

  @Override
  public boolean deduplicatesById() {
    return false; // Not promised by the document; see the foundation's in-doubt rules.
  }

  @Override
  public boolean clientRetriesInDoubt() {
    return client.options().retryInDoubtRequests();
  }

  @Override
  public OptionalDouble pacedCallsPerSecond(int batchSize) {
    UploadPacing pacing = client.pacing();
    if (!pacing.enabled()) return OptionalDouble.empty();
    long perWindow = Math.min(pacing.callsPerHour(), (long) pacing.batchesPerHour() * batchSize);
    return OptionalDouble.of(perWindow / (pacing.window().toNanos() / 1e9));
  }

  /**
   * The smallest size at which the batch limit allows the whole call limit (100 at the documented
   * limits), so that the calls-per-hour limit binds; at most 100.
   */
  @Override
  public int defaultBatchSize() {
    UploadPacing pacing = client.pacing();
    if (!pacing.enabled()) return UploadBatch.MAX_CALLS;
    int size = (pacing.callsPerHour() + pacing.batchesPerHour() - 1) / pacing.batchesPerHour();
    return Math.max(1, Math.min(UploadBatch.MAX_CALLS, size));
  }

  /** As many batches at once as the in-flight limit allows (the importer's maximum is 16). */
  @Override
  public int defaultConcurrency() {
    UploadPacing pacing = client.pacing();
    return Math.min(16, pacing.enabled() ? pacing.maxBatchesInFlight() : 10);
  }

  /** Seeing a batch finish is what frees its in-flight slot, so the importer waits by default. */
  @Override
  public boolean waitsForProcessingByDefault() {
    return true;
  }

  @Override
  public Optional<PacingLimits> pacingLimits() {
    UploadPacing pacing = client.pacing();
    return pacing.enabled()
        ? Optional.of(
            PacingLimits.of(
                OptionalLong.of(pacing.callsPerHour()),
                OptionalLong.of(pacing.batchesPerHour()),
                pacing.window()))
        : Optional.empty();
  }

  @Override
  public Optional<InFlightLimit> inFlightLimit() {
    UploadPacing pacing = client.pacing();
    return pacing.enabled()
        ? Optional.of(InFlightLimit.of(pacing.maxBatchesInFlight(), pacing.inFlightExpiry()))
        : Optional.empty();
  }

  @Override
  public String recordingUrl(UploadCall call) {
    return call.audioUrl();
  }

  /** On the client's HTTP stack: its proxy, TLS, interceptors and connection pool apply. */
  @Override
  public RecordingPreflight recordingPreflight(PreflightOptions options) {
    return client.recordingPreflight(options);
  }

  @Override
  public Submitted submit(List<UploadCall> batch, String idempotencyKey, boolean resendInDoubt) {
    return submit(batch, idempotencyKey, resendInDoubt, ImportCancellation.NONE);
  }

  @Override
  public Submitted submit(
      List<UploadCall> batch,
      String idempotencyKey,
      boolean resendInDoubt,
      ImportCancellation cancellation) {
    CancelSignal cancel = CancelSignal.create();
    try (ImportCancellation.Registration link = cancellation.onCancel(cancel::cancel)) {
      SubmissionReceipt receipt =
          client.submitValidated(
              UploadBatch.of(batch), submitOptions(idempotencyKey, resendInDoubt), cancel);
      return Submitted.of(Optional.of(receipt.batchId()), receipt.possibleDuplicate());
    }
  }

  private static RequestOptions submitOptions(String idempotencyKey, boolean resendInDoubt) {
    return RequestOptions.builder()
        .idempotencyKey(idempotencyKey)
        .retryInDoubtRequests(resendInDoubt)
        .build();
  }

  @Override
  public Optional<Map<String, ProcessingResult>> awaitProcessing(String batchId) {
    return awaitProcessing(batchId, ImportCancellation.NONE);
  }

  @Override
  public Optional<Map<String, ProcessingResult>> awaitProcessing(
      String batchId, ImportCancellation cancellation) {
    CancelSignal cancel = CancelSignal.create();
    BatchStatus status;
    try (ImportCancellation.Registration link = cancellation.onCancel(cancel::cancel)) {
      status = client.awaitCompletion(batchId, waitOptions, cancel);
    }
    Map<String, ProcessingResult> results = new HashMap<>();
    for (CallStatus call : status.calls()) {
      if (call.status() == CallState.COMPLETED) {
        results.put(call.externalId(), ProcessingResult.of(true, null));
      } else if (call.status() == CallState.FAILED) {
        results.put(
            call.externalId(),
            ProcessingResult.of(false, call.errorMessage().orElse("processing failed")));
      }
    }
    return Optional.of(results);
  }
}
