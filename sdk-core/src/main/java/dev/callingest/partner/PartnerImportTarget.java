package dev.callingest.partner;

import dev.callingest.RequestOptions;
import dev.callingest.Violation;
import dev.callingest.bulk.ImportCancellation;
import dev.callingest.bulk.ImportTarget;
import dev.callingest.internal.CancelSignal;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.RecordingPreflight;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** The Partner API as seen by the bulk importer. */
final class PartnerImportTarget implements ImportTarget<IngestItem> {
  /** {@code {"data":[} and {@code ]}} around the items. */
  private static final int ENVELOPE = "{\"data\":[]}".length();

  private final PartnerClient client;
  private final PartnerValidator validator;
  // The importer asks for an item's validation and then its size, one after the other, from its
  // reading thread: keep the item's bytes in between instead of serializing it twice.
  private @Nullable IngestItem lastItem;
  private int lastSize;

  PartnerImportTarget(PartnerClient client, PartnerValidator validator) {
    this.client = client;
    this.validator = validator;
  }

  @Override
  public String idOf(IngestItem item) {
    return item.call().id();
  }

  @Override
  public List<Violation> validate(IngestItem item) {
    return validator.validate(IngestBatch.of(item), ENVELOPE + (int) encodedSize(item));
  }

  @Override
  public int maxBatchSize() {
    return IngestBatch.MAX_ITEMS;
  }

  @Override
  public long maxBatchBytes() {
    return IngestBatch.MAX_REQUEST_BYTES;
  }

  @Override
  public long encodedSize(IngestItem item) {
    if (item != lastItem) {
      lastSize = PartnerBatchWriter.itemSize(item);
      lastItem = item;
    }
    return lastSize;
  }

  @Override
  public long envelopeBytes(int items) {
    return ENVELOPE + Math.max(0, items - 1);
  }

  @Override
  public boolean deduplicatesById() {
    return true;
  }

  @Override
  public boolean clientRetriesInDoubt() {
    return client.options().retryInDoubtRequests();
  }

  /** On the client's HTTP stack: its proxy, TLS, interceptors and connection pool apply. */
  @Override
  public RecordingPreflight recordingPreflight(PreflightOptions options) {
    return client.recordingPreflight(options);
  }

  @Override
  public String recordingUrl(IngestItem item) {
    return item.call().recordingUrl();
  }

  @Override
  public OptionalDouble pacedCallsPerSecond(int batchSize) {
    PartnerPacing pacing = client.pacing();
    if (!pacing.enabled()) return OptionalDouble.empty();
    return OptionalDouble.of(
        (double) pacing.requestsPerWindow() * batchSize / (pacing.window().toNanos() / 1e9));
  }

  @Override
  public Optional<PacingLimits> pacingLimits() {
    PartnerPacing pacing = client.pacing();
    return pacing.enabled()
        ? Optional.of(
            PacingLimits.of(
                OptionalLong.empty(), OptionalLong.of(pacing.requestsPerWindow()), pacing.window()))
        : Optional.empty();
  }

  @Override
  public Submitted submit(List<IngestItem> batch, String idempotencyKey, boolean resendInDoubt) {
    return submit(batch, idempotencyKey, resendInDoubt, ImportCancellation.NONE);
  }

  @Override
  public Submitted submit(
      List<IngestItem> batch,
      String idempotencyKey,
      boolean resendInDoubt,
      ImportCancellation cancellation) {
    CancelSignal cancel = CancelSignal.create();
    try (ImportCancellation.Registration link = cancellation.onCancel(cancel::cancel)) {
      client.submitValidated(
          IngestBatch.of(batch),
          RequestOptions.builder()
              .idempotencyKey(idempotencyKey)
              .retryInDoubtRequests(resendInDoubt)
              .build(),
          cancel);
    }
    // The API de-duplicates by call id: an earlier attempt that was processed too changes nothing.
    return Submitted.of(Optional.empty(), false);
  }
}
