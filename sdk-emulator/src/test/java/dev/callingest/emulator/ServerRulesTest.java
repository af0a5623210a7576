package dev.callingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerRulesTest {
  @Test
  void blankIsWhatJavaScriptTrimsAway() {
    for (String blank :
        List.of("", " \t\n\r", "\u00A0", "\u3000", "\uFEFF", "\u2028", "\u202F\u2009")) {
      assertThat(ServerRules.isBlank(blank)).isTrue();
    }
    for (String text : List.of("x", "\u200B", "\u001F", "\u0085")) {
      assertThat(ServerRules.isBlank(text)).isFalse();
    }
  }

  @Test
  void lengthCountsCodePoints() {
    assertThat(ServerRules.length("a\uD83D\uDE00b")).isEqualTo(3);
  }

  @Test
  void emailsAsIsEmailJudgesThem() {
    for (String good :
        List.of(
            "agent@company.com",
            "a@b.co",
            "x+y@sub.example.co.uk",
            "\"a b\"@example.com",
            "ägent@exämple.de",
            "l".repeat(64) + "@example.com",
            "x@example.xn--p1ai")) {
      assertThat(ServerRules.isEmail(good)).as(good).isTrue();
    }
    for (String bad :
        List.of(
            "a..b@example.com",
            "a@example.c",
            "l".repeat(65) + "@example.com",
            "a@[127.0.0.1]",
            "a@10.0.0.1",
            "a@localhost",
            "a@example..com",
            ".a@example.com",
            "a@ex_ample.com",
            "a@-example.com",
            "a@example.com.",
            "\uD83D\uDE00@example.com",
            "a b@example.com",
            "a@example.12")) {
      assertThat(ServerRules.isEmail(bad)).as(bad).isFalse();
    }
  }

  @Test
  void urlsNeedARealHostAndAPortInRange() {
    for (String good :
        List.of(
            "https://example.com/a.mp3",
            "https://example.com:0/a",
            "https://example.com:65535/",
            "s3://legacy_bucket/a.mp3",
            "https://[2001:db8::1]:8443/x",
            "http://127.0.0.1:9/cb",
            "https://u:p@example.com/")) {
      assertThat(ServerRules.url(good).valid()).as(good).isTrue();
    }
    for (String bad :
        List.of(
            "https://:8080/call.mp3",
            "s3://:8080/call.mp3",
            "https://example.com:65536/a",
            "https://recordings..example.com/a",
            "https:///a.mp3",
            "https://256.0.0.1/",
            "https://[1::2::3]/",
            "https://[abc]/",
            " https://example.com/",
            "https://example.com/a\u00A0b",
            "example.com/a.mp3",
            "https://exa*mple.com/",
            "https://-rec.example.com/a",
            "https://rec-.example.com/a",
            "https://rec.example-/a")) {
      assertThat(ServerRules.url(bad).valid()).as(bad).isFalse();
    }
    assertThat(ServerRules.url("HTTPS://Example.COM:443/Path").host()).isEqualTo("example.com");
  }

  @Test
  void anS3AudioUrlHasNoPort() {
    assertThat(UploadValidation.isAudioUrl("s3://bucket-1/a.mp3")).isTrue();
    assertThat(UploadValidation.isAudioUrl("s3://bucket-1:443/a.mp3")).isFalse();
    assertThat(UploadValidation.isAudioUrl("s3://bucket-1:/a.mp3")).isFalse();
    assertThat(UploadValidation.isAudioUrl("https://rec.example.com:443/a.mp3")).isTrue();
  }

  @Test
  void timesHaveFourDigitYearsFrom0001() {
    assertThat(ServerRules.utcTime("2023-01-01T10:00:00Z"))
        .isEqualTo(Instant.parse("2023-01-01T10:00:00Z"));
    assertThat(ServerRules.utcTime("0001-01-01T00:00:00.5Z"))
        .isEqualTo(Instant.parse("0001-01-01T00:00:00.5Z"));
    for (String bad :
        List.of(
            "0000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-01-01T24:00:00Z",
            "2023-01-01T10:00:60Z",
            "2023-01-01T10:00:00+00:00",
            "2023-01-01 10:00:00Z")) {
      assertThat(ServerRules.utcTime(bad)).as(bad).isNull();
    }
    assertThat(ServerRules.isOffsetTime("2025-01-15T14:30:00+05:30")).isTrue();
    assertThat(ServerRules.isOffsetTime("2025-01-15T14:30:05.12-08:00")).isTrue();
    for (String bad :
        List.of(
            "2025-01-15T14:30:00+05:30:45",
            "0000-01-15T14:30:00Z",
            "+10000-01-15T14:30:00Z",
            "2025-01-15T14:30:00",
            "2025-01-15",
            "2025-01-15T14:30:00+24:00")) {
      assertThat(ServerRules.isOffsetTime(bad)).as(bad).isFalse();
    }
  }
}
