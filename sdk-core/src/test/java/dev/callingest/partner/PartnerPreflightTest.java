package dev.callingest.partner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callingest.ClientOptions;
import dev.callingest.FakeTime;
import dev.callingest.bulk.CallOutcome;
import dev.callingest.bulk.ImportListener;
import dev.callingest.bulk.ImportReport;
import dev.callingest.preflight.AudioFiles;
import dev.callingest.preflight.PreflightOptions;
import dev.callingest.preflight.PreflightResult;
import dev.callingest.preflight.RecordingFormat;
import dev.callingest.preflight.RecordingServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class PartnerPreflightTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer recordings = new MockWebServer();
  final RecordingServer host = new RecordingServer();
  final FakeTime time = new FakeTime();

  PartnerClient client() {
    return PartnerClient.create(
        ClientOptions.builder()
            .baseUrl(api.url("/api/v1"))
            .credentials(PartnerCredentials.of("key", "secret", "tenant", "sub"))
            .clock(time)
            .sleeper(time)
            .build());
  }

  IngestItem item(String id, String path) {
    return Fixtures.item(id)
        .call(Fixtures.call(id).recordingUrl(recordings.url(path).toString()).build())
        .build();
  }

  @Test
  void theClientAcceptsAnMp4RecordingAndRefusesAMissingOne() {
    recordings.setDispatcher(host);
    host.files.put("/r.mp4", AudioFiles.mp4());

    try (PartnerClient client = client()) {
      PreflightResult mp4 = client.preflight(item("c1", "/r.mp4"));
      PreflightResult missing = client.preflight(item("c2", "/gone.wav"));

      assertThat(mp4.passed()).isTrue();
      assertThat(mp4.format()).contains(RecordingFormat.MP4);
      assertThat(mp4.warnings()).isEmpty();
      assertThat(missing.reason()).contains("the recording URL answered HTTP 404 (no such file)");
    }
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void theImporterSendsOnlyItemsWhoseRecordingPasses() throws Exception {
    recordings.setDispatcher(host);
    host.files.put("/a.m4a", AudioFiles.m4a());
    host.files.put("/b.aac", AudioFiles.aac());
    api.enqueue(new MockResponse.Builder().code(200).body("{\"success\":true}").build());
    List<CallOutcome> outcomes = new CopyOnWriteArrayList<>();

    ImportReport report;
    try (PartnerClient client = client()) {
      report =
          client
              .importer()
              .preflight(PreflightOptions.DEFAULT)
              .listener(
                  new ImportListener() {
                    @Override
                    public void onOutcome(CallOutcome outcome) {
                      outcomes.add(outcome);
                    }
                  })
              .build()
              .run(
                  List.of(item("c1", "/a.m4a"), item("c2", "/deleted.mp3"), item("c3", "/b.aac"))
                      .iterator());
    }

    assertThat(report.accepted()).isEqualTo(2);
    assertThat(report.preflightRefused()).isEqualTo(1);
    assertThat(api.getRequestCount()).isEqualTo(1);
    String body = api.takeRequest().getBody().utf8();
    assertThat(body).contains("\"id\":\"c1\"", "\"id\":\"c3\"").doesNotContain("\"id\":\"c2\"");
    assertThat(outcomes)
        .filteredOn(o -> o.callId().equals("c2"))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.reason())
                    .contains("preflight: the recording URL answered HTTP 404 (no such file)"));
  }
}
