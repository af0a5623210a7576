package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://crm.example.com/cb?cb_call_id=c1&cb_token=abc | https://crm.example.com/***?***",
        "https://hooks.example.com/T01/B02/s3cr3tPathToken | https://hooks.example.com/***",
        "https://user:pa55@hooks.example.com:8443/x?y#z | https://hooks.example.com:8443/***?***",
        "HTTPS://Bucket.s3.amazonaws.com/a.mp3?X-Amz-Signature=deadbeef | https://Bucket.s3.amazonaws.com/***?***",
        "s3://recordings-bucket/2026/call.wav | s3://recordings-bucket/***",
        "https://crm.example.com | https://crm.example.com",
        "https://crm.example.com/ | https://crm.example.com/",
        "https://crm.example.com?token=1 | https://crm.example.com?***",
        "https://crm.example.com/#frag-token | https://crm.example.com/",
        "https://crm.example.com/a#frag?notquery | https://crm.example.com/***",
        "ftp://files.example.com/a.mp3 | ftp://files.example.com/***",
        "mailto:someone@example.com | mailto:***",
        "hooks.example.com/s3cr3tPathToken | <not an absolute URL>",
        "relative/s3cr3t | <not an absolute URL>",
        "/callbacks/s3cr3t?cb_token=x | /***?***",
        "/?cb_token=x | /?***",
        "'' | <not an absolute URL>",
        "https://crm.example.com/***?*** | https://crm.example.com/***?***",
      })
  void keepsOnlySchemeHostAndPort(String url, String expected) {
    assertThat(UrlRedaction.redact(url)).isEqualTo(expected);
  }

  @Test
  void aUriIsRedactedByTheSameRule() {
    assertThat(UrlRedaction.redact(URI.create("https://u:p@crm.example.com/t0ken?cb_token=x")))
        .isEqualTo("https://crm.example.com/***?***");
  }

  @Test
  void controlCharactersInTheHostDoNotReachALogLine() {
    assertThat(UrlRedaction.redact("https://evil\r\nforged-log-line.example.com/x"))
        .isEqualTo("https://evil__forged-log-line.example.com/***");
  }

  @Test
  void everyUrlInFreeTextIsRedacted() {
    String text =
        "callback_url 'https://hooks.example.com/T01/s3cr3t?cb_token=abc' is not reachable;"
            + " see http://docs.example.com/errors#422 and s3://b/k?sig=1.";

    assertThat(UrlRedaction.redactUrlsIn(text))
        .isEqualTo(
            "callback_url 'https://hooks.example.com/***?***' is not reachable;"
                + " see http://docs.example.com/*** and s3://b/***?***");
  }

  @Test
  void redactingTwiceChangesNothing() {
    for (String url :
        new String[] {
          "https://exa mple.com/d.mp3", "https://u@h.example.com:1/p?q#f", "s3://b/k", "/p?q"
        }) {
      String once = UrlRedaction.redact(url);
      assertThat(UrlRedaction.redact(once)).isEqualTo(once);
      assertThat(UrlRedaction.redactUrlsIn(once)).isEqualTo(once);
    }
  }

  @Test
  void textWithoutUrlsIsUnchanged() {
    assertThat(UrlRedaction.redactUrlsIn("id should not be empty"))
        .isEqualTo("id should not be empty");
    assertThat(UrlRedaction.redactUrlsIn(null)).isNull();
  }
}
