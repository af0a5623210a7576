package dev.callingest.upload;

import dev.callingest.internal.Json;
import java.io.IOException;

/**
 * Benchmark-only access to the Upload API's package-private JSON adapters, which the SDK offers no
 * public way to call without sending a request. It lives in the SDK's package inside the benchmarks
 * module (a split package, fine on the class path) and calls exactly what {@link UploadClient}
 * calls: {@code Json.toBytes(UploadJson.BATCH, batch)} in {@code submit} and {@code
 * Json.fromBytes(UploadJson.STATUS, body)} in {@code status}.
 */
public final class UploadJsonAccess {
  private UploadJsonAccess() {}

  /** The request body {@link UploadClient#submit(UploadBatch)} sends, without validating. */
  public static byte[] batchBytes(UploadBatch batch) {
    return Json.toBytes(UploadJson.BATCH, batch);
  }

  /** Parses a status body as {@link UploadClient#status(String)} does. */
  public static BatchStatus parseStatus(byte[] body) throws IOException {
    return Json.fromBytes(UploadJson.STATUS, body);
  }

  /** Writes a status body; used to build fixtures. */
  public static byte[] statusBytes(BatchStatus status) {
    return Json.toBytes(UploadJson.STATUS, status);
  }
}
