package dev.callingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponseInfoTest {
  @Test
  void keepsHeadersByLowerCaseNameAndDropsSecretBearingOnes() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Request-Id", List.of("r-1"));
    headers.put("Warning", List.of("first", "second"));
    headers.put("Set-Cookie", List.of("session=abc"));
    headers.put("Authorization", List.of("Bearer abc"));
    headers.put("X-Upstream-Token", List.of("abc"));
    headers.put("X-Webhook-Signature", List.of("abc"));
    headers.put("X-Api-Key", List.of("abc"));

    HttpResponseInfo info = HttpResponseInfo.of(200, headers);

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers())
        .containsOnlyKeys("warning", "x-request-id")
        .containsEntry("warning", List.of("first", "second"));
    assertThat(info.header("X-REQUEST-ID")).contains("r-1");
    assertThat(info.header("set-cookie")).isEmpty();
    assertThat(info.toString())
        .isEqualTo("HttpResponseInfo{statusCode=200, headers=[warning, x-request-id]}");
  }

  @Test
  void refusesAStatusOutsideHttp() {
    assertThatThrownBy(() -> HttpResponseInfo.of(42, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statusCode must be 100 to 599: 42");
  }
}
