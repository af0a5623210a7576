package dev.callingest.partner;

import dev.callingest.RequestOptions;
import dev.callingest.Violation;
import dev.callingest.bulk.ImportTarget;
import java.util.List;
import java.util.Optional;

/** The Partner API as seen by the bulk importer. */
final class PartnerImportTarget implements ImportTarget<IngestItem> {
  /** {@code {"data":[} and {@code ]}} around the items. */
  private static final int ENVELOPE = "{\"data\":[]}".length();

  private final PartnerClient client;
  private final PartnerValidator validator;

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
    IngestBatch alone = IngestBatch.of(item);
    return validator.validate(alone, PartnerJson.requestBytes(alone).length);
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
    return PartnerJson.itemBytes(item).length;
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
  public Optional<String> submit(List<IngestItem> batch, String idempotencyKey) {
    client.submit(IngestBatch.of(batch), RequestOptions.builder().idempotencyKey(idempotencyKey).build());
    return Optional.empty();
  }
}
