package dev.callingest.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresignedExpiryTest {
  @Test
  void readsSignatureVersion4DatePlusExpires() {
    assertThat(
            PresignedExpiry.of(
                URI.create(
                    "https://b.s3.amazonaws.com/k.mp3?X-Amz-Date=20260115T100000Z&X-Amz-Expires=86400&X-Amz-Signature=ab")))
        .contains(Instant.parse("2026-01-16T10:00:00Z"));
  }

  @Test
  void parameterNamesAreCaseInsensitiveAndPercentEncodingIsDecoded() {
    assertThat(
            PresignedExpiry.of(
                URI.create("https://h/k?x-amz-date=20260115T100000Z&x-amz-expires=60")))
        .contains(Instant.parse("2026-01-15T10:01:00Z"));
    assertThat(
            PresignedExpiry.of(
                URI.create("https://h/k?X-Amz-Date=2026-01-15T10%3A00%3A00Z&X-Amz-Expires=60")))
        .contains(Instant.parse("2026-01-15T10:01:00Z"));
  }

  @Test
  void readsGoogleCloudAndVersion2Expiry() {
    assertThat(
            PresignedExpiry.of(
                URI.create("https://h/k?X-Goog-Date=20260115T100000Z&X-Goog-Expires=600")))
        .contains(Instant.parse("2026-01-15T10:10:00Z"));
    assertThat(
            PresignedExpiry.of(
                URI.create("https://h/k?AWSAccessKeyId=A&Expires=1768471200&Signature=s")))
        .contains(Instant.parse("2026-01-15T10:00:00Z"));
  }

  @Test
  void anUnreadableOrMissingExpiryIsUnknown() {
    assertThat(PresignedExpiry.of(URI.create("https://h/k.mp3"))).isEmpty();
    assertThat(PresignedExpiry.of(URI.create("https://h/k?X-Amz-Date=yesterday&X-Amz-Expires=60")))
        .isEmpty();
    assertThat(PresignedExpiry.of(URI.create("https://h/k?X-Amz-Date=20260115T100000Z"))).isEmpty();
    assertThat(PresignedExpiry.of(URI.create("https://h/k?Expires=Thu,%2001%20Jan"))).isEmpty();
  }
}
