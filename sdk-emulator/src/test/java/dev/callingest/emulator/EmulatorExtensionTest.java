package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorExtensionTest {
  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.builder()
          .faults(FaultInjection.builder().rate(Fault.SERVER_ERROR, 1.0).seed(3).build())
          .configure(b -> b.uploadApiKey("key-from-configure"))
          .build();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void runsOnAFreePortWithTheConfiguredSettingsAndShowsWhatItReceived(Emulator injected)
      throws Exception {
    assertThat(injected).isSameAs(EMULATOR.emulator());
    assertThat(injected.port()).isPositive();
    assertThat(EMULATOR.uploadBaseUrl()).isEqualTo("http://127.0.0.1:" + injected.port());
    assertThat(EMULATOR.uploadApiKey()).isEqualTo("key-from-configure");
    assertThat(EMULATOR.faults().rate(Fault.SERVER_ERROR)).isEqualTo(1.0);
    int before = EMULATOR.requests().size();

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(EMULATOR.uploadBaseUrl() + "/v1/calls/batch-upload/batch_x"))
                .header("Authorization", "Bearer key-from-configure")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // Every request meets the injected 5xx, and the emulator records it with the fault.
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(EMULATOR.requests()).hasSize(before + 1);
    RequestRecord last = EMULATOR.requests().get(before);
    assertThat(last.method()).isEqualTo("GET");
    assertThat(last.path()).isEqualTo("/v1/calls/batch-upload/batch_x");
    assertThat(last.fault()).isEqualTo(Optional.of(Fault.SERVER_ERROR));
    assertThat(EMULATOR.batches()).isEmpty();
  }

  @Test
  void startsOnceForTheClassAndStopsAfterIt() throws Exception {
    EmulatorExtension extension = new EmulatorExtension();
    assertThatThrownBy(extension::emulator)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the emulator is not running");

    extension.beforeAll(null);
    Emulator started = extension.emulator();
    extension.beforeEach(null);
    extension.afterEach(null);
    assertThat(extension.emulator()).isSameAs(started); // one emulator for the class
    assertThat(extension.faults().rate(Fault.SERVER_ERROR)).isZero();
    String url = extension.partnerBaseUrl();
    extension.afterAll(null);

    assertThatThrownBy(extension::emulator).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void inAnInstanceFieldEachTestGetsItsOwnEmulator() throws IOException {
    EmulatorExtension extension = EmulatorExtension.create();

    extension.beforeEach(null);
    Emulator first = extension.emulator();
    extension.afterEach(null);
    assertThatThrownBy(extension::emulator).isInstanceOf(IllegalStateException.class);
    extension.beforeEach(null);
    Emulator second = extension.emulator();
    extension.afterEach(null);

    assertThat(second).isNotSameAs(first);
  }
}
