package dev.callingest.preflight;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the preflight found for one recording URL. Its reason and warnings never contain the URL's
 * query, where a presigned URL keeps its signature.
 */
public final class PreflightResult {
  /** The verdict. */
  public enum Status {
    /** The recording could be fetched, is within the size limit and in a documented format. */
    PASSED,
    /** The API would not be able to use the recording; {@link #reason()} says why. */
    FAILED,
    /**
     * The URL cannot be checked from here ({@code s3://} needs the API's own credentials) or is not a
     * URL at all (the validator reports that); the call is not refused for it.
     */
    NOT_CHECKED
  }

  private final Status status;
  private final Optional<String> reason;
  private final List<String> warnings;
  private final Optional<RecordingFormat> format;
  private final OptionalLong size;
  private final Optional<Instant> expiresAt;

  private PreflightResult(Status status, String reason, List<String> warnings, RecordingFormat format,
      OptionalLong size, Instant expiresAt) {
    this.status = status;
    this.reason = Optional.ofNullable(reason);
    this.warnings = List.copyOf(warnings);
    this.format = Optional.ofNullable(format);
    this.size = size;
    this.expiresAt = Optional.ofNullable(expiresAt);
  }

  static PreflightResult passed(RecordingFormat format, OptionalLong size, Instant expiresAt,
      List<String> warnings) {
    return new PreflightResult(Status.PASSED, null, warnings, Objects.requireNonNull(format), size,
        expiresAt);
  }

  static PreflightResult failed(String reason, Instant expiresAt) {
    return new PreflightResult(Status.FAILED, Objects.requireNonNull(reason), new ArrayList<>(), null,
        OptionalLong.empty(), expiresAt);
  }

  static PreflightResult notChecked(String reason) {
    return new PreflightResult(Status.NOT_CHECKED, reason, List.of(), null, OptionalLong.empty(), null);
  }

  /** {@return the verdict} */
  public Status status() {
    return status;
  }

  /** {@return true when the recording passed every check} */
  public boolean passed() {
    return status == Status.PASSED;
  }

  /** {@return true when the API would not be able to use the recording} */
  public boolean failed() {
    return status == Status.FAILED;
  }

  /** {@return why the check failed or was not made; empty when it passed} */
  public Optional<String> reason() {
    return reason;
  }

  /** {@return what passed but deserves attention, such as a file over the recommended 200 MB} */
  public List<String> warnings() {
    return warnings;
  }

  /** {@return the format recognised from the first bytes, when the recording was fetched} */
  public Optional<RecordingFormat> format() {
    return format;
  }

  /** {@return the size in bytes from {@code Content-Range} or {@code Content-Length}, when given} */
  public OptionalLong size() {
    return size;
  }

  /** {@return when the presigned URL stops working, read from its own query, when it says} */
  public Optional<Instant> expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PreflightResult{").append(status);
    reason.ifPresent(r -> text.append(", reason=").append(r));
    format.ifPresent(f -> text.append(", format=").append(f));
    size.ifPresent(s -> text.append(", size=").append(s));
    expiresAt.ifPresent(e -> text.append(", expiresAt=").append(e));
    if (!warnings.isEmpty()) text.append(", warnings=").append(warnings);
    return text.append('}').toString();
  }
}
