package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "api.localhost",
        "127.0.0.1",
        "127.255.10.3",
        "::1",
        "[::1]"
      })
  void loopbackHosts(String host) {
    assertThat(Urls.isLoopbackHost(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "localhost.example.com",
        "128.0.0.1",
        "127.0.0",
        "127.0.0.256",
        "10.0.0.1",
        "::2",
        "127.0.0.1.nip.io"
      })
  void otherHosts(String host) {
    assertThat(Urls.isLoopbackHost(host)).isFalse();
  }
}
