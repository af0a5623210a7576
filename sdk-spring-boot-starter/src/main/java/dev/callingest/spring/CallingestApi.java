package dev.callingest.spring;

import java.util.Locale;

/** The two APIs, as named in metric tags and passed to {@link ClientOptionsCustomizer}. */
public enum CallingestApi {
  /** The Batch Call Upload API ({@code UploadClient}). */
  UPLOAD,
  /** The Partner (Batch Call Ingestion) API ({@code PartnerClient}). */
  PARTNER;

  /** {@return the lower-case name used in metric tags: {@code upload} or {@code partner}} */
  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
