package dev.callingest.partner;

/**
 * Benchmark-only access to the Partner API's package-private request writer; see {@code
 * dev.callingest.upload.UploadJsonAccess} for why it sits in the SDK's package. It calls what
 * {@link PartnerClient#submit(IngestBatch)} calls before validating the bytes' size.
 */
public final class PartnerJsonAccess {
  private PartnerJsonAccess() {}

  /** The request body {@link PartnerClient#submit(IngestBatch)} sends, without validating. */
  public static byte[] batchBytes(IngestBatch batch) {
    return PartnerJson.requestBytes(batch);
  }
}
