package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerCredentialsTest {
  @Test
  void writesTheFourDocumentedHeaders() {
    PartnerCredentials credentials =
        PartnerCredentials.of("key-abc", "s3cr3t-value", "acme", "acme-emea");
    Map<String, String> headers = new LinkedHashMap<>();

    credentials.writeHeaders(headers::put);

    assertThat(headers)
        .containsExactly(
            Map.entry("x-api-key", "key-abc"),
            Map.entry("x-api-secret", "s3cr3t-value"),
            Map.entry("x-tenant-id", "acme"),
            Map.entry("x-sub-tenant-id", "acme-emea"));
  }

  @Test
  void toStringHidesKeyAndSecret() {
    PartnerCredentials credentials =
        PartnerCredentials.of("key-abc", "s3cr3t-value", "acme", "acme-emea");

    assertThat(credentials.toString())
        .isEqualTo(
            "PartnerCredentials{apiKey=<redacted>, apiSecret=<redacted>, tenantId=acme, subTenantId=acme-emea}")
        .doesNotContain("key-abc")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void everyPartIsRequired() {
    assertThatThrownBy(() -> PartnerCredentials.of("k", "s", "t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("subTenantId == null");
    assertThatThrownBy(() -> PartnerCredentials.of("k", "s", " ", "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenantId must not be blank");
  }

  @Test
  void badHeaderValueIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> PartnerCredentials.of("k", "line\nbreak-secret", "t", "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiSecret must be printable ASCII without leading or trailing spaces")
        .hasMessageNotContaining("break-secret");
  }
}
