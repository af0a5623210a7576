package dev.callingest.preflight;

import dev.callingest.internal.ModelStyle;
import dev.callingest.internal.UrlRedaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * What the preflight found for one recording URL. Its reason and warnings never contain a URL's
 * path or query, where a presigned URL keeps its signature: URLs in them keep only scheme, host and
 * port, whoever built the value.
 *
 * <p>An Immutables value: {@link #builder()} builds one (for a test of code that reads results),
 * {@link #newBuilder()} copies one, and equal results are {@code equals}.
 */
@Value.Immutable
@ModelStyle
public abstract class PreflightResult {
  /** The verdict. */
  public enum Status {
    /** The recording could be fetched, is within the size limit and in a documented format. */
    PASSED,
    /** The API would not be able to use the recording; {@link #reason()} says why. */
    FAILED,
    /**
     * The URL cannot be checked from here ({@code s3://} needs the API's own credentials) or is not
     * a URL at all (the validator reports that); the call is not refused for it.
     */
    NOT_CHECKED
  }

  PreflightResult() {}

  /** {@return the verdict} */
  public abstract Status status();

  /** {@return why the check failed or was not made; empty when it passed} */
  public abstract Optional<String> reason();

  /** {@return what passed but deserves attention, such as a file over the recommended 200 MB} */
  public abstract List<String> warnings();

  /** {@return the format recognised from the first bytes, when the recording was fetched} */
  public abstract Optional<RecordingFormat> format();

  /**
   * {@return the size in bytes from {@code Content-Range} or {@code Content-Length}, when given}
   */
  public abstract OptionalLong size();

  /** {@return when the presigned URL stops working, read from its own query, when it says} */
  public abstract Optional<Instant> expiresAt();

  /** {@return true when the recording passed every check} */
  public final boolean passed() {
    return status() == Status.PASSED;
  }

  /** {@return true when the API would not be able to use the recording} */
  public final boolean failed() {
    return status() == Status.FAILED;
  }

  /**
   * Returns a builder; {@code status} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this result.
   *
   * @return a new builder with every field of this result
   */
  public final Builder newBuilder() {
    return builder().from(this);
  }

  /** Builds a {@link PreflightResult}; URLs in the reason and warnings are redacted. */
  public static final class Builder extends ImmutablePreflightResult.Builder {
    Builder() {}
  }

  /** URLs in the reason and the warnings cut to scheme, host and port, whoever built the result. */
  @Value.Check
  PreflightResult redacted() {
    Optional<String> reason = reason().map(PreflightResult::redact);
    List<String> warnings = new ArrayList<>();
    for (String warning : warnings()) warnings.add(redact(warning));
    if (reason.equals(reason()) && warnings.equals(warnings())) return this;
    return builder().from(this).reason(reason).warnings(warnings).build();
  }

  private static String redact(String text) {
    return Objects.requireNonNull(UrlRedaction.redactUrlsIn(text));
  }

  static PreflightResult passed(
      RecordingFormat format,
      OptionalLong size,
      @Nullable Instant expiresAt,
      List<String> warnings) {
    return builder()
        .status(Status.PASSED)
        .format(Objects.requireNonNull(format))
        .size(size)
        .expiresAt(Optional.ofNullable(expiresAt))
        .warnings(warnings)
        .build();
  }

  static PreflightResult failed(String reason, @Nullable Instant expiresAt) {
    return builder()
        .status(Status.FAILED)
        .reason(Objects.requireNonNull(reason))
        .expiresAt(Optional.ofNullable(expiresAt))
        .build();
  }

  static PreflightResult notChecked(String reason) {
    return builder().status(Status.NOT_CHECKED).reason(reason).build();
  }

  /** Names the verdict and every field that is present. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PreflightResult{").append(status());
    reason().ifPresent(r -> text.append(", reason=").append(r));
    format().ifPresent(f -> text.append(", format=").append(f));
    size().ifPresent(s -> text.append(", size=").append(s));
    expiresAt().ifPresent(e -> text.append(", expiresAt=").append(e));
    if (!warnings().isEmpty()) text.append(", warnings=").append(warnings());
    return text.append('}').toString();
  }
}
