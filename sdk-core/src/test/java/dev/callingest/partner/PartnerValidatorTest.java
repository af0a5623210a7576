package dev.callingest.partner;

import static dev.callingest.partner.Fixtures.batchOf;
import static dev.callingest.partner.Fixtures.call;
import static dev.callingest.partner.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callingest.MetadataValue;
import dev.callingest.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartnerValidatorTest {
  private static List<Violation> violations(IngestBatch batch) {
    return violations(batch, false);
  }

  private static List<Violation> violations(IngestBatch batch, boolean allowLoopbackHttp) {
    return new PartnerValidator(allowLoopbackHttp)
        .validate(batch, PartnerJson.requestBytes(batch).length);
  }

  private static List<Violation> violations(IngestItem item) {
    return violations(IngestBatch.of(item));
  }

  @Test
  void validBatchHasNoViolations() {
    assertThat(violations(batchOf("a", "b", "c"))).isEmpty();
  }

  @Test
  void emptyBatchIsRejected() {
    assertThat(violations(IngestBatch.of()))
        .containsExactly(Violation.of("data", "must hold at least 1 call", null, "0 items"));
  }

  @Test
  void fiftyItemsPassAndFiftyOneAreRejected() {
    String[] fifty = IntStream.range(0, 50).mapToObj(i -> "call-" + i).toArray(String[]::new);
    String[] fiftyOne = IntStream.range(0, 51).mapToObj(i -> "call-" + i).toArray(String[]::new);

    assertThat(violations(batchOf(fifty))).isEmpty();
    assertThat(violations(batchOf(fiftyOne)))
        .containsExactly(
            Violation.of(
                "data",
                "must hold at most 50 calls; split the calls over several batches",
                null,
                "51 items"));
  }

  @Test
  void blankRequiredIdsAreRejected() {
    IngestItem item =
        item("x").call(call(" ").build()).agent(Agent.of("")).customer(Customer.of("\t")).build();

    assertThat(violations(item))
        .containsExactly(
            Violation.of("data[0].call.id", "must not be blank", null, " "),
            Violation.of("data[0].agent.id", "must not be blank", null, ""),
            Violation.of("data[0].customer.id", "must not be blank", null, "\t"));
  }

  @Test
  void missingRequiredFieldFailsTheBuilder() {
    assertThatThrownBy(() -> CallDetails.builder().id("c").contactNumber("+4930901820").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recordingUrl")
        .hasMessageContaining("startTime")
        .hasMessageContaining("endTime");
  }

  @Test
  void recordingUrlMustBeHttpOrHttps() {
    IngestItem s3 = item("r1").call(call("r1").recordingUrl("s3://bucket/r1.mp3").build()).build();
    IngestItem relative = item("r2").call(call("r2").recordingUrl("/rec/r2.mp3").build()).build();
    IngestItem plainHttp =
        item("r3").call(call("r3").recordingUrl("http://media.test/r3.mp3").build()).build();

    assertThat(violations(IngestBatch.of(s3, relative, plainHttp)))
        .containsExactly(
            Violation.of(
                "data[0].call.recording_url",
                "must be an absolute http or https URL with a host (it has the scheme s3)",
                "r1",
                "s3://bucket/r1.mp3"),
            Violation.of(
                "data[1].call.recording_url",
                "must be an absolute http or https URL with a host"
                    + " (it is not an absolute URL with a scheme and a host)",
                "r2",
                "/***"));
  }

  @Test
  void endTimeMustBeAfterStartTime() {
    IngestItem item = item("t").call(call("t").endTime(Fixtures.START).build()).build();

    assertThat(violations(item))
        .containsExactly(
            Violation.of(
                "data[0].call.end_time",
                "must be after start_time (2026-02-10T14:05:00Z)",
                "t",
                "2026-02-10T14:05:00Z"));
  }

  @Test
  void endTimeIsComparedAtTheWholeSecondsThatAreSent() {
    IngestItem item =
        item("t")
            .call(call("t").endTime(Fixtures.START.plus(Duration.ofMillis(900))).build())
            .build();

    assertThat(violations(item))
        .extracting(Violation::path)
        .containsExactly("data[0].call.end_time");
  }

  @Test
  void contactNumberMustBeE164() {
    IngestItem spaced = item("p1").call(call("p1").contactNumber("+49 30 901820").build()).build();
    IngestItem noPlus = item("p2").call(call("p2").contactNumber("004930901820").build()).build();
    IngestItem tooLong =
        item("p3").call(call("p3").contactNumber("+1234567890123456").build()).build();
    IngestItem ok = item("p4").call(call("p4").contactNumber("+123456789012345").build()).build();

    assertThat(violations(IngestBatch.of(spaced, noPlus, tooLong, ok)))
        .extracting(Violation::path, Violation::rejectedValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "data[0].call.contact_number", java.util.Optional.of("+49 30 901820")),
            org.assertj.core.groups.Tuple.tuple(
                "data[1].call.contact_number", java.util.Optional.of("004930901820")),
            org.assertj.core.groups.Tuple.tuple(
                "data[2].call.contact_number", java.util.Optional.of("+1234567890123456")));
  }

  @Test
  void emailsMustBeValid() {
    IngestItem item =
        item("e")
            .agent(Agent.builder().id("a").email("rosa.at.acme").build())
            .customer(Customer.builder().id("c").email("ivo@localhost").build())
            .build();

    assertThat(violations(item))
        .containsExactly(
            Violation.of(
                "data[0].agent.email", "must be a valid email address", "e", "rosa.at.acme"),
            Violation.of(
                "data[0].customer.email", "must be a valid email address", "e", "ivo@localhost"));
  }

  @Test
  void namesMayHaveAtMost255Characters() {
    IngestItem atLimit =
        item("n1")
            .agent(Agent.builder().id("a").name("r".repeat(255)).build())
            .customer(Customer.builder().id("c").name("i".repeat(255)).build())
            .build();
    IngestItem overLimit =
        item("n2")
            .agent(Agent.builder().id("a").name("r".repeat(256)).build())
            .customer(Customer.builder().id("c").name("i".repeat(300)).build())
            .build();

    assertThat(violations(IngestBatch.of(atLimit, overLimit)))
        .containsExactly(
            Violation.of(
                "data[1].agent.name", "must be at most 255 characters but has 256", "n2", null),
            Violation.of(
                "data[1].customer.name", "must be at most 255 characters but has 300", "n2", null));
  }

  @Test
  void callbackUrlMustBeHttps() {
    IngestItem https = item("h1").callbackUrl("https://hooks.acme-telecom.test/analysis").build();
    IngestItem http = item("h2").callbackUrl("http://hooks.acme-telecom.test/analysis").build();

    assertThat(violations(IngestBatch.of(https, http)))
        .containsExactly(
            Violation.of(
                "data[1].callback_url",
                "must be an absolute https URL with a host (it has the scheme http)",
                "h2",
                "http://hooks.acme-telecom.test/analysis"));
  }

  @Test
  void loopbackHttpCallbackNeedsTheOptIn() {
    IngestBatch batch = IngestBatch.of(item("l").callbackUrl("http://127.0.0.1:8099/cb").build());

    assertThat(violations(batch, true)).isEmpty();
    assertThat(violations(batch, false))
        .containsExactly(
            Violation.of(
                "data[0].callback_url",
                "must be an https URL; plain http to a loopback host needs"
                    + " PartnerClient.Builder.allowLoopbackHttpCallbacks(true)",
                "l",
                "http://127.0.0.1:8099/cb"));
  }

  @Test
  void optInDoesNotAllowHttpToOtherHosts() {
    IngestBatch batch = IngestBatch.of(item("l").callbackUrl("http://10.0.0.8/cb").build());

    assertThat(violations(batch, true))
        .extracting(Violation::path)
        .containsExactly("data[0].callback_url");
  }

  @Test
  void urlsNeedARealHostAndAPortInRange() {
    IngestItem noHost =
        item("u1").call(call("u1").recordingUrl("https://:8080/call.mp3").build()).build();
    IngestItem badPort =
        item("u2")
            .call(call("u2").recordingUrl("https://media.test:70000/call.mp3").build())
            .build();
    IngestItem emptyLabel =
        item("u3").callbackUrl("https://hooks..acme-telecom.test/analysis?token=s3cret").build();
    IngestItem fine =
        item("u4")
            .call(call("u4").recordingUrl("https://media.test:0/call.mp3").build())
            .callbackUrl("https://[2001:db8::2]:8443/analysis")
            .build();

    assertThat(violations(IngestBatch.of(noHost, badPort, emptyLabel, fine)))
        .containsExactly(
            Violation.of(
                "data[0].call.recording_url",
                "must be an absolute http or https URL with a host (it has no host)",
                "u1",
                "https://:8080/call.mp3"),
            Violation.of(
                "data[1].call.recording_url",
                "must be an absolute http or https URL with a host"
                    + " (it has a port that is not a number from 0 to 65535)",
                "u2",
                "https://media.test:70000/call.mp3"),
            Violation.of(
                "data[2].callback_url",
                "must be an absolute https URL with a host (it has an empty label in its host)",
                "u3",
                "https://hooks..acme-telecom.test/***?***"));
  }

  @Test
  void timesMustHaveAFourDigitYear() {
    Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
    Instant year0 = Instant.parse("0000-12-31T23:59:59Z");
    IngestItem late = item("t1").call(call("t1").endTime(year10000).build()).build();
    IngestItem early = item("t2").call(call("t2").startTime(year0).build()).build();
    IngestItem edges =
        item("t3")
            .call(
                call("t3")
                    .startTime(Instant.parse("0001-01-01T00:00:00Z"))
                    .endTime(Instant.parse("9999-12-31T23:59:59Z"))
                    .build())
            .build();

    assertThat(violations(IngestBatch.of(late, early, edges)))
        .containsExactly(
            Violation.of(
                "data[0].call.end_time",
                "must have a year from 0001 to 9999",
                "t1",
                "+10000-01-01T00:00:00Z"),
            Violation.of(
                "data[1].call.start_time",
                "must have a year from 0001 to 9999",
                "t2",
                "0000-12-31T23:59:59Z"));
  }

  @Test
  void unicodeWhiteSpaceIsBlank() {
    IngestItem item =
        item("x")
            .call(call("\u00A0").contactNumber("\u2003").build())
            .agent(Agent.of("\u3000"))
            .customer(Customer.of("\uFEFF "))
            .build();

    assertThat(violations(item))
        .containsExactly(
            Violation.of("data[0].call.id", "must not be blank", null, "\u00A0"),
            Violation.of("data[0].call.contact_number", "must not be blank", null, "\u2003"),
            Violation.of("data[0].agent.id", "must not be blank", null, "\u3000"),
            Violation.of("data[0].customer.id", "must not be blank", null, "\uFEFF "));
  }

  @Test
  void customFieldInternalNamesMustNotBeBlank() {
    IngestItem item =
        item("f")
            .addCustomField("deal_stage", "won")
            .addCustomField("\u00A0", "x")
            .addCustomField("", "y")
            .build();

    assertThat(violations(item))
        .containsExactly(
            Violation.of(
                "data[0].custom_fields[1].internal_name", "must not be blank", "f", "\u00A0"),
            Violation.of("data[0].custom_fields[2].internal_name", "must not be blank", "f", ""));
  }

  @Test
  void emailsFollowTheServersRule() {
    IngestItem item =
        item("e")
            .agent(Agent.builder().id("a").email("rosa..lind@acme.test").build())
            .customer(Customer.builder().id("c").email("ivo@acme.t").build())
            .build();
    IngestItem more =
        item("e2")
            .agent(Agent.builder().id("a").email("r".repeat(65) + "@acme.test").build())
            .customer(Customer.builder().id("c").email("ivo@[192.0.2.1]").build())
            .build();
    IngestItem fine =
        item("e3")
            .agent(Agent.builder().id("a").email("r".repeat(64) + "@acme.test").build())
            .customer(Customer.builder().id("c").email("\"ivo marten\"@acme.test").build())
            .build();

    assertThat(violations(IngestBatch.of(item, more, fine)))
        .extracting(Violation::path, v -> v.recordId().orElse(null))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data[0].agent.email", "e"),
            org.assertj.core.groups.Tuple.tuple("data[0].customer.email", "e"),
            org.assertj.core.groups.Tuple.tuple("data[1].agent.email", "e2"),
            org.assertj.core.groups.Tuple.tuple("data[1].customer.email", "e2"));
  }

  @Test
  void namesAreCountedInCodePoints() {
    String emoji = "\uD83D\uDE00";
    IngestItem atLimit =
        item("c1").agent(Agent.builder().id("a").name("r".repeat(254) + emoji).build()).build();
    IngestItem overLimit =
        item("c2")
            .customer(Customer.builder().id("c").name("i".repeat(255) + emoji).build())
            .build();

    assertThat(violations(IngestBatch.of(atLimit, overLimit)))
        .containsExactly(
            Violation.of(
                "data[1].customer.name", "must be at most 255 characters but has 256", "c2", null));
  }

  @Test
  void metadataMayHaveAtMostFivePairs() {
    IngestItem.Builder five = item("m5");
    IngestItem.Builder six = item("m6");
    for (int i = 0; i < 5; i++) {
      five.putMetadata("k" + i, i);
      six.putMetadata("k" + i, "v" + i);
    }
    six.putMetadata("k5", 2.5);

    assertThat(violations(IngestBatch.of(five.build(), six.build())))
        .containsExactly(
            Violation.of("data[1].metadata", "must hold at most 5 pairs", "m6", "6 pairs"));
  }

  @Test
  void metadataValuesAreStringsOrFiniteNumbers() {
    assertThatThrownBy(() -> MetadataValue.of(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value must be a finite number: NaN");
    assertThat(MetadataValue.of(3).isNumber()).isTrue();
    assertThat(MetadataValue.of("3").isNumber()).isFalse();
  }

  @Test
  void aBooleanMetadataValueIsRefusedSinceThePartnerApiTakesOnlyStringsAndNumbers() {
    IngestItem flagged = item("b1").putMetadata("vip", true).putMetadata("tier", 2).build();

    assertThat(violations(IngestBatch.of(flagged)))
        .containsExactly(
            Violation.of("data[0].metadata.vip", "must be a string or a number", "b1", "true"));
  }

  @Test
  void customFieldsMayBeAtMostTen() {
    IngestItem.Builder ten = item("f10");
    IngestItem.Builder eleven = item("f11");
    for (int i = 0; i < 10; i++) {
      ten.addCustomField("field_" + i, "v");
      eleven.addCustomField("field_" + i, "v");
    }
    eleven.addCustomField("field_10", "v");

    assertThat(violations(IngestBatch.of(ten.build(), eleven.build())))
        .containsExactly(
            Violation.of(
                "data[1].custom_fields", "must hold at most 10 fields", "f11", "11 fields"));
  }

  @Test
  void callIdsMustBeUniqueWithinTheBatch() {
    assertThat(violations(batchOf("dup", "other", "dup")))
        .containsExactly(
            Violation.of(
                "data[2].call.id",
                "must be unique within the batch; data[0] has the same id",
                "dup",
                "dup"));
  }

  @Test
  void reportsEveryViolationOfSeveralItems() {
    IngestItem first = item("one").call(call("one").contactNumber("12345").build()).build();
    IngestItem fine = item("two").build();
    IngestItem third =
        item("three")
            .call(
                call("three")
                    .recordingUrl("ftp://media.test/3.mp3")
                    .endTime(Fixtures.START.minusSeconds(60))
                    .build())
            .agent(Agent.builder().id("a3").email("not-an-email").build())
            .callbackUrl("http://hooks.test/cb")
            .build();

    assertThat(violations(IngestBatch.of(first, fine, third)))
        .extracting(Violation::path, v -> v.recordId().orElse(null))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data[0].call.contact_number", "one"),
            org.assertj.core.groups.Tuple.tuple("data[2].call.recording_url", "three"),
            org.assertj.core.groups.Tuple.tuple("data[2].call.end_time", "three"),
            org.assertj.core.groups.Tuple.tuple("data[2].agent.email", "three"),
            org.assertj.core.groups.Tuple.tuple("data[2].callback_url", "three"));
  }

  @Test
  void requestOfExactlyFiveMebibytesPassesAndOneByteMoreIsRejected() {
    int base = PartnerJson.requestBytes(padded(0)).length;
    IngestBatch atLimit = padded(IngestBatch.MAX_REQUEST_BYTES - base);
    IngestBatch overLimit = padded(IngestBatch.MAX_REQUEST_BYTES - base + 1);

    assertThat(PartnerJson.requestBytes(atLimit)).hasSize(5_242_880);
    assertThat(violations(atLimit)).isEmpty();
    assertThat(violations(overLimit))
        .containsExactly(
            Violation.of(
                "request",
                "must be at most 5242880 bytes once serialized but is 5242881 bytes;"
                    + " split the calls over several batches",
                null,
                null));
  }

  /** One item whose disposition status adds {@code extra} bytes to the request. */
  private static IngestBatch padded(int extra) {
    return IngestBatch.of(
        item("big")
            .customer(Customer.builder().id("c").dispositionStatus("z".repeat(extra)).build())
            .build());
  }
}
