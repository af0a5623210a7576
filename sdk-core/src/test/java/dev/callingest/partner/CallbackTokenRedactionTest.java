package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.ClientOptions;
import dev.callingest.ValidationException;
import dev.callingest.upload.UploadCall;
import org.junit.jupiter.api.Test;

/** A capability callback URL's token, or a presigned URL's signature, never shows in text. */
class CallbackTokenRedactionTest {
  static final String TOKEN = "tok_9f8e7d6c5b4a";

  @Test
  void itemToStringLeavesTheCallbackUrlOut() {
    IngestItem item =
        Fixtures.item("c-1")
            .callbackUrl("https://crm.example.com/cb?cb_call_id=c-1&cb_token=" + TOKEN)
            .build();

    assertThat(item.toString()).doesNotContain(TOKEN).doesNotContain("cb_token").contains("c-1");
  }

  @Test
  void aRejectedCallbackUrlIsReportedWithoutItsQuery() {
    IngestItem item =
        Fixtures.item("c-2")
            .callbackUrl("http://crm.example.com/cb?cb_call_id=c-2&cb_token=" + TOKEN)
            .build();
    try (PartnerClient client =
        PartnerClient.create(
            ClientOptions.builder()
                .baseUrl("https://partner.example.com/api/v1")
                .credentials(PartnerCredentials.of("k", "s", "t", "st"))
                .build())) {
      assertThatThrownBy(() -> client.submit(IngestBatch.of(item)))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> {
                assertThat(e.getMessage())
                    .doesNotContain(TOKEN)
                    .contains("http://crm.example.com/***?***");
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v ->
                            assertThat(v.rejectedValue())
                                .contains("http://crm.example.com/***?***"));
              });
    }
  }

  @Test
  void aRejectedPresignedAudioUrlIsReportedWithoutItsSignature() {
    UploadCall call =
        UploadCall.builder()
            .externalId("u-1")
            .audioUrl("ftp://bucket.example.com/a.mp3?X-Amz-Signature=" + TOKEN)
            .userEmail("rep@example.com")
            .callDate(java.time.Instant.parse("2025-06-01T08:00:00Z"))
            .build();

    dev.callingest.upload.UploadClient upload =
        dev.callingest.upload.UploadClient.create(
            dev.callingest.ClientOptions.builder()
                .baseUrl("https://upload.invalid")
                .credentials(dev.callingest.upload.UploadCredentials.of("key"))
                .build());
    assertThatThrownBy(
            () -> upload.checkValid(dev.callingest.upload.UploadBatch.of(java.util.List.of(call))))
        .hasMessageNotContaining(TOKEN)
        .hasMessageContaining("ftp://bucket.example.com/***?***");
  }
}
