package dev.callingest.partner;

import java.time.Instant;

/** Valid request parts to start tests from; each test breaks only what it is about. */
final class Fixtures {
  static final Instant START = Instant.parse("2026-02-10T14:05:00Z");
  static final Instant END = Instant.parse("2026-02-10T14:22:40Z");

  private Fixtures() {}

  static CallDetails.Builder call(String id) {
    return CallDetails.builder()
        .id(id)
        .recordingUrl("https://recordings.acme-telecom.test/2026/r.m4a")
        .startTime(START)
        .endTime(END)
        .contactNumber("+4930901820");
  }

  static IngestItem.Builder item(String id) {
    return IngestItem.builder()
        .call(call(id).build())
        .agent(
            Agent.builder()
                .id("rep-" + id)
                .email("rep@acme-telecom.test")
                .name("Rosa Lind")
                .build())
        .customer(Customer.builder().id("cust-" + id).name("Ivo Marten").build());
  }

  static IngestBatch batchOf(String... ids) {
    IngestBatch.Builder batch = IngestBatch.builder();
    for (String id : ids) batch.addItems(item(id).build());
    return batch.build();
  }
}
