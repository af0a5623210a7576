package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorTest {
  @Test
  void servesGeneratedAndGivenAudioFiles() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .audioFile("x.aac", new byte[] {(byte) 0xFF, (byte) 0xF1})
            .build()
            .start()) {
      HttpResponse<byte[]> wav = TestHttp.getBytes(emulator.audioUrl("anything.wav"));
      HttpResponse<byte[]> aac = TestHttp.getBytes(emulator.audioUrl("x.aac"));
      HttpResponse<byte[]> missing = TestHttp.getBytes(emulator.audioUrl("x.mp3"));

      assertThat(wav.statusCode()).isEqualTo(200);
      assertThat(wav.headers().firstValue("Content-Type")).contains("audio/wav");
      assertThat(wav.body()).isEqualTo(WavTone.sample());
      assertThat(aac.body()).containsExactly(0xFF, 0xF1);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(emulator.requests()).isEmpty();
    }
  }

  @Test
  void baseUrlsPointAtTheBoundLoopbackPort() {
    try (Emulator emulator = Emulator.builder().build().start()) {
      assertThat(emulator.port()).isPositive();
      assertThat(emulator.uploadBaseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
      assertThat(emulator.partnerBaseUrl())
          .isEqualTo("http://127.0.0.1:" + emulator.port() + "/api/v1");
      assertThat(emulator.partnerCredentials())
          .containsExactly("emulator-api-key", "emulator-api-secret", "tenant1", "subtenant1");
    }
  }

  @Test
  void closeStopsTheServerAndItsThreads() throws Exception {
    Emulator emulator = Emulator.builder().allStages(Duration.ofMinutes(1)).build().start();
    String url = emulator.uploadBaseUrl() + "/v1/calls/batch-upload/batch_x";
    assertThat(TestHttp.get(url).statusCode()).isEqualTo(401);

    emulator.close();
    emulator.close();

    assertThatThrownBy(() -> TestHttp.get(url)).isInstanceOf(ConnectException.class);
    TestHttp.await(
        "emulator threads to end",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("callingest-emulator-") && t.isAlive()));
    assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownPathsAnswer404() throws Exception {
    try (Emulator emulator = Emulator.builder().build().start()) {
      HttpResponse<String> response =
          TestHttp.get(
              emulator.uploadBaseUrl() + "/v2/other",
              "Authorization",
              "Bearer emulator-upload-key");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(TestHttp.json(response.body())).containsEntry("success", false);
    }
  }

  @Test
  void mainFlagsConfigureTheEmulator() {
    Emulator emulator =
        EmulatorMain.configure(
                EmulatorMain.parse(
                    new String[] {
                      "--port=0",
                      "--upload-key=u",
                      "--partner-key=pk",
                      "--partner-secret=ps",
                      "--tenant=t",
                      "--sub-tenant=st",
                      "--webhook-secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                      "--stage-ms=1",
                      "--analyzing-ms=2",
                      "--fault-500=0.1",
                      "--seed=3",
                      "--processing-style"
                    }))
            .build();
    try (emulator) {
      emulator.start();
      String banner = EmulatorMain.describe(emulator);

      assertThat(emulator.uploadApiKey()).isEqualTo("u");
      assertThat(emulator.partnerCredentials()).containsExactly("pk", "ps", "t", "st");
      assertThat(emulator.settings.stages)
          .isEqualTo(
              Map.of(
                  UploadStage.PENDING,
                  Duration.ofMillis(1),
                  UploadStage.DOWNLOADING,
                  Duration.ofMillis(1),
                  UploadStage.TRANSCRIBING,
                  Duration.ofMillis(1),
                  UploadStage.ANALYZING,
                  Duration.ofMillis(2)));
      assertThat(emulator.settings.faults.rate(Fault.SERVER_ERROR)).isEqualTo(0.1);
      assertThat(emulator.settings.inFlightAsProcessing).isTrue();
      assertThat(banner)
          .contains(
              "Upload API   base URL " + emulator.uploadBaseUrl(),
              "Authorization: Bearer u",
              "Partner API  base URL " + emulator.partnerBaseUrl(),
              "x-sub-tenant-id: st",
              "signed (Standard Webhooks) with whsec_");
    }
  }

  @Test
  void mainRefusesUnknownFlags() {
    assertThatThrownBy(
            () -> EmulatorMain.configure(EmulatorMain.parse(new String[] {"--colour=red"})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown flag(s): --colour");
    assertThatThrownBy(() -> EmulatorMain.parse(new String[] {"8080"}))
        .hasMessage("unexpected argument: 8080");
    assertThat(EmulatorMain.parse(new String[] {"--help"})).isEqualTo(Map.of("help", "true"));
    assertThat(List.of(UploadStage.values()))
        .extracting(UploadStage::wireValue)
        .containsExactly("pending", "downloading", "transcribing", "analyzing");
  }
}
