package dev.callingest.upload;

import dev.callingest.analysis.internal.JsonBytesReader;
import dev.callingest.analysis.internal.JsonBytesReader.Names;
import dev.callingest.analysis.internal.JsonBytesReader.Token;
import dev.callingest.analysis.internal.UnexpectedJsonException;
import dev.callingest.internal.WireFormats;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the Upload API's answers that every submission and every status poll parses, a receipt and
 * a batch status, straight from the body's bytes (see "JSON on the hot paths" in
 * docs/architecture.md). Unknown names are skipped and explicit null is absent, as in the Moshi
 * adapters of {@code UploadJson} (now in the tests), the reference this reader is compared with.
 *
 * <p>Each method returns the filled builder, so that the client adds the response's request id,
 * attempts and headers and builds the value once.
 */
final class UploadReader {
  private static final Names RECEIPT = Names.of("batch_id", "calls_submitted", "status");
  private static final Names STATUS =
      Names.of(
          "batch_id",
          "status",
          "submitted_at",
          "total_calls",
          "processed",
          "failed",
          "pending",
          "calls");
  private static final Names CALL =
      Names.of(
          "external_id",
          "status",
          "aila_call_id",
          "processed_at",
          "progress",
          "error",
          "error_message");
  private static final Names ERROR = Names.of("message");

  /** The documented batch and call states and stages, shared instead of read a hundred times. */
  private static final Names STATES =
      Names.of(
          "submitted",
          "pending",
          "processing",
          "downloading",
          "transcribing",
          "analyzing",
          "completed",
          "partial",
          "failed");

  static {
    // For the benchmarks: the parsing status does.
    WireFormats.registerReader(BatchStatus.class, body -> status(body).build());
  }

  private UploadReader() {}

  /**
   * Reads a submission receipt.
   *
   * @throws IOException if the body is not JSON or not a receipt; the message names the path
   */
  static SubmissionReceipt.Builder receipt(byte[] body) throws IOException {
    JsonBytesReader reader = new JsonBytesReader(body);
    SubmissionReceipt.Builder receipt = SubmissionReceipt.builder().callsSubmitted(0);
    boolean hasId = false;
    reader.beginObject();
    while (reader.hasNext()) {
      int index = reader.selectName(RECEIPT);
      if (index == -1) {
        reader.skipName();
        reader.skipValue();
        continue;
      }
      if (reader.peek() == Token.NULL) {
        reader.nextNull();
        continue;
      }
      switch (index) {
        case 0 -> {
          receipt.batchId(reader.nextString());
          hasId = true;
        }
        case 1 -> receipt.callsSubmitted(reader.nextInt());
        default -> receipt.rawStatus(reader.nextString());
      }
    }
    reader.endObject();
    if (!hasId) throw new UnexpectedJsonException("batch_id is missing at " + reader.getPath());
    reader.endDocument();
    return receipt;
  }

  /**
   * Reads a batch status.
   *
   * @throws IOException if the body is not JSON or not a batch status; the message names the path
   */
  static BatchStatus.Builder status(byte[] body) throws IOException {
    JsonBytesReader reader = new JsonBytesReader(body);
    BatchStatus.Builder status = BatchStatus.builder();
    boolean hasId = false;
    boolean hasStatus = false;
    reader.beginObject();
    for (int index; (index = nextMember(reader, STATUS)) != -1; ) {
      switch (index) {
        case 0 -> {
          status.batchId(reader.nextString());
          hasId = true;
        }
        case 1 -> {
          status.rawStatus(reader.nextString(STATES));
          hasStatus = true;
        }
        case 2 -> status.submittedAt(reader.nextInstant());
        case 3 -> status.totalCalls(reader.nextInt());
        case 4 -> status.processed(reader.nextInt());
        case 5 -> status.failed(reader.nextInt());
        case 6 -> status.pending(reader.nextInt());
        default -> {
          // One builder for every call of the batch: build() copies its fields into the value,
          // and each call starts by clearing the optional ones (Optional.empty() allocates
          // nothing). The required two are checked by hand before each build, so the values a
          // reused builder still holds from the last call can never stand in for missing ones.
          CallStatus.Builder call = CallStatus.builder();
          reader.beginArray();
          for (int i = 0; reader.hasNext(); i++) status.addCalls(call(reader, call, i));
          reader.endArray();
        }
      }
    }
    reader.endObject();
    if (!hasId) throw new UnexpectedJsonException("batch_id is missing at " + reader.getPath());
    if (!hasStatus) throw new UnexpectedJsonException("status is missing at " + reader.getPath());
    reader.endDocument();
    return status;
  }

  /**
   * The index in {@code names} of the object's next member whose value is not null, skipping
   * unknown members and null values (an explicit null is an absent field); -1 when the object has
   * no more members.
   */
  private static int nextMember(JsonBytesReader reader, Names names) throws IOException {
    while (reader.hasNext()) {
      int index = reader.selectName(names);
      if (index == -1) {
        reader.skipName();
        reader.skipValue();
      } else if (reader.peek() == Token.NULL) {
        reader.nextNull();
      } else {
        return index;
      }
    }
    return -1;
  }

  private static CallStatus call(JsonBytesReader reader, CallStatus.Builder call, int index)
      throws IOException {
    call.ailaCallId(Optional.empty())
        .processedAt(Optional.empty())
        .rawProgress(Optional.empty())
        .errorMessage(Optional.empty());
    boolean hasId = false;
    boolean hasStatus = false;
    reader.beginObject();
    for (int name; (name = nextMember(reader, CALL)) != -1; ) {
      switch (name) {
        case 0 -> {
          call.externalId(reader.nextString());
          hasId = true;
        }
        case 1 -> {
          call.rawStatus(reader.nextString(STATES));
          hasStatus = true;
        }
        case 2 -> call.ailaCallId(reader.nextString());
        case 3 -> call.processedAt(reader.nextInstant());
        case 4 -> call.rawProgress(reader.nextString(STATES));
        case 5 -> errorMessage(reader, call);
        default -> call.errorMessage(reader.nextString());
      }
    }
    reader.endObject();
    // The path has moved past this call by now (the Moshi adapter named the next index).
    if (!hasId)
      throw new UnexpectedJsonException("external_id is missing at $.calls[" + index + "]");
    if (!hasStatus)
      throw new UnexpectedJsonException("status is missing at $.calls[" + index + "]");
    return call.build();
  }

  /** Reads {@code error} given as a string or as an object with a {@code message}. */
  private static void errorMessage(JsonBytesReader reader, CallStatus.Builder call)
      throws IOException {
    if (reader.peek() != Token.BEGIN_OBJECT) {
      call.errorMessage(text(reader));
      return;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(ERROR) != 0) {
        reader.skipName();
        reader.skipValue();
      } else if (reader.peek() == Token.NULL) {
        reader.nextNull(); // the Moshi adapter refused this, calling skipName() at a value
      } else {
        call.errorMessage(text(reader));
      }
    }
    reader.endObject();
  }

  /** A string; numbers and booleans are read as their text. */
  private static String text(JsonBytesReader reader) throws IOException {
    if (reader.peek() == Token.BOOLEAN) return reader.nextBoolean() ? "true" : "false";
    return reader.nextString();
  }
}
