package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldRulesTest {
  @Test
  void blankMeansWhiteSpaceAsJavaScriptTrimsIt() {
    for (String blank :
        List.of(
            "",
            " ",
            "\t\r\n",
            "\u00A0",
            "\u2007",
            "\u202F",
            "\u3000",
            "\uFEFF",
            "\u2028\u2029",
            "\u000B\f",
            "\u1680\u205F\u2000\u200A")) {
      assertThat(FieldRules.isBlank(blank)).as("%s", codes(blank)).isTrue();
    }
    // A zero-width space is a format character, the information separators are controls: text.
    for (String text : List.of("a", "\u00A0x\u00A0", "\u200B", "\u001C", "\u0085", "\u180E")) {
      assertThat(FieldRules.isBlank(text)).as("%s", codes(text)).isFalse();
    }
  }

  @Test
  void charactersAreCountedAsCodePoints() {
    assertThat(FieldRules.characters("Dana")).isEqualTo(4);
    assertThat(FieldRules.characters("\uD83D\uDE00")).isEqualTo(1); // one emoji, two UTF-16 units
    assertThat(FieldRules.characters("n".repeat(254) + "\uD83D\uDE00")).isEqualTo(255);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "agent@company.com",
        "a@b.co",
        "first.last+tag@sub.example.co.uk",
        "o'hara@example.ie",
        "x@xn--80ak6aa92e.com",
        "user@example.xn--p1ai",
        "ägent@exämple.de",
        "ivo@例え.テスト",
        "\"john doe\"@example.com",
        "\"a@b\"@example.com",
        "a@\uD83D\uDE00.example.com",
        "user@my-host.example",
        "{weird}|~!@example.org"
      })
  void acceptsWhatIsEmailAccepts(String email) {
    assertThat(FieldRules.isEmail(email)).as(email).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "agent",
        "agent@",
        "@example.com",
        "agent@example",
        "agent@localhost",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "agent@example..com",
        "agent@.example.com",
        "agent@example.com.",
        "agent@example.c",
        "agent@example.123",
        "agent@[127.0.0.1]",
        "agent@127.0.0.1",
        "agent@[IPv6:::1]",
        "a b@example.com",
        "agent@exa mple.com",
        "agent@example.com ",
        " agent@example.com",
        "agent@@example.com",
        "a@b@example.com",
        "agent@under_score.com",
        "agent@-host.com",
        "agent@host-.com",
        "agent@ｅxample.com",
        "\u00A0agent@example.com",
        "agent@example.co\u3000m",
        "\uD83D\uDE00@example.com",
        "\"unclosed@example.com",
        "\"a\"b\"@example.com",
        "agent@example.©©"
      })
  void refusesWhatIsEmailRefuses(String email) {
    assertThat(FieldRules.isEmail(email)).as(email).isFalse();
  }

  @Test
  void emailLengthsFollowRfc5321() {
    String domain = "@example.com";
    assertThat(FieldRules.isEmail("l".repeat(64) + domain)).isTrue();
    assertThat(FieldRules.isEmail("l".repeat(65) + domain)).isFalse();
    assertThat(FieldRules.isEmail("é".repeat(32) + domain)).isTrue(); // 64 bytes of UTF-8
    assertThat(FieldRules.isEmail("é".repeat(33) + domain)).isFalse();
    String label = "d".repeat(63);
    assertThat(FieldRules.isEmail("a@" + label + ".com")).isTrue();
    assertThat(FieldRules.isEmail("a@" + label + "d.com")).isFalse();
    String longDomain = (label + ".").repeat(3) + "d".repeat(56) + ".com"; // 252 characters
    assertThat(FieldRules.isEmail("a@" + longDomain)).isTrue(); // 254 in all
    assertThat(FieldRules.isEmail("ab@" + longDomain)).isFalse(); // 255
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://recordings.example.com/a.mp3",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/A.MP3",
        "https://example.com:0/a",
        "https://example.com:65535/a",
        "https://example.com:/a",
        "https://example.com:00080/a",
        "https://user:secret@example.com/a?sig=x#f",
        "https://localhost/a",
        "http://127.0.0.1:8080/a",
        "https://[::1]:8443/a",
        "https://[2001:db8::7]/a",
        "https://[::ffff:10.0.0.1]/",
        "https://[1:2:3:4:5:6:7:8]/",
        "s3://legacy_bucket/a.mp3",
        "https://bücher.example/a",
        "https://example.com./a",
        "https://lllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll.example.com/",
        "https://example.com/a%20c?x=<y>",
        "https://0.0.0.0/"
      })
  void acceptsWellFormedUrls(String url) {
    assertThat(FieldRules.url(url).problem()).as(url).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://:8080/call.mp3 | has no host",
        "s3://:8080/call.mp3 | has no host",
        "https:///call.mp3 | has no host",
        "https://user@/call.mp3 | has no host",
        "https://example.com:65536/a | has a port that is not a number from 0 to 65535",
        "https://example.com:99999999999/a | has a port that is not a number from 0 to 65535",
        "https://example.com:-1/a | has a port that is not a number from 0 to 65535",
        "https://example.com:8o/a | has a port that is not a number from 0 to 65535",
        "https://recordings..example.com/a | has an empty label in its host",
        "https://.example.com/a | has an empty label in its host",
        "https://example.com../a | has an empty label in its host",
        "https://exa!mple.com/a | has a character a host name may not contain",
        "https://exa%41mple.com/a | has a character a host name may not contain",
        "https://-rec.example.com/a | has a host label that starts or ends with a hyphen",
        "https://rec-.example.com/a | has a host label that starts or ends with a hyphen",
        "https://rec.example-/a | has a host label that starts or ends with a hyphen",
        "https://rec.-example.com./a | has a host label that starts or ends with a hyphen",
        "https://256.1.1.1/a | has an invalid IPv4 address",
        "https://1.2.3/a | has an invalid IPv4 address",
        "https://01.2.3.4/a | has an invalid IPv4 address",
        "https://[::1/a | has an invalid IPv6 address",
        "https://[1::2::3]/a | has an invalid IPv6 address",
        "https://[12345::]/a | has an invalid IPv6 address",
        "https://[1:2:3:4:5:6:7]/a | has an invalid IPv6 address",
        "https://[fe80::1%25eth0]/a | has an invalid IPv6 address",
        "https://[::1]x/a | has an invalid IPv6 address",
        "recordings.example.com/a.mp3 | is not an absolute URL with a scheme and a host",
        "https:/example.com/a | is not an absolute URL with a scheme and a host",
        "1https://example.com/a | is not an absolute URL with a scheme and a host",
      })
  void refusesMalformedUrlsNamingTheProblem(String url, String problem) {
    assertThat(FieldRules.url(url).problem()).as(url).contains(problem);
  }

  @Test
  void refusesWhiteSpaceAndControlsAnywhere() {
    for (String url :
        List.of(
            " https://example.com/a",
            "https://example.com/a ",
            "https://exa mple.com/",
            "https://example.com/a\u00A0b",
            "https://example.com/\u3000",
            "https://example.com/\u0085",
            "https://example.com/a\tb",
            "https://example.com/\u0000")) {
      assertThat(FieldRules.url(url).problem())
          .as("%s", codes(url))
          .contains("contains white space or a control character");
    }
  }

  @Test
  void hostLengthsFollowDns() {
    String label = "l".repeat(63);
    assertThat(FieldRules.url("https://" + label + "l.example.com/").problem())
        .contains("has a host label longer than 63 characters");
    String host253 = (label + ".").repeat(3) + "l".repeat(61);
    assertThat(FieldRules.url("https://" + host253 + "/").problem()).isEmpty();
    assertThat(FieldRules.url("https://" + host253 + "l/").problem())
        .contains("has a host longer than 253 characters");
  }

  @Test
  void exposesTheSchemeHostAndWhetherThePathNamesSomething() {
    UrlCheck url = FieldRules.url("S3://Bucket-1/calls/a.mp3?x=1");
    assertThat(url.scheme()).isEqualTo("s3");
    assertThat(url.host()).isEqualTo("Bucket-1");
    assertThat(url.hasPathBeyondSlash()).isTrue();
    assertThat(FieldRules.url("s3://bucket/").hasPathBeyondSlash()).isFalse();
    assertThat(FieldRules.url("s3://bucket?x=/y").hasPathBeyondSlash()).isFalse();
    assertThat(FieldRules.url("http://[::1]:9/cb").host()).isEqualTo("::1");
    assertThat(FieldRules.url("s3://bucket/a").hasPortSeparator()).isFalse();
    assertThat(FieldRules.url("s3://bucket:/a").hasPortSeparator()).isTrue();
    assertThat(FieldRules.url("s3://bucket:443/a").hasPortSeparator()).isTrue();
    assertThat(FieldRules.url("https://[::1]/a").hasPortSeparator()).isFalse();
    assertThat(FieldRules.url("https://[::1]:8/a").hasPortSeparator()).isTrue();
  }

  @Test
  void innerHyphensAndPunycodeAreFineInAHost() {
    assertThat(FieldRules.url("https://re-c.example.com/a").problem()).isEmpty();
    assertThat(FieldRules.url("https://xn--bcher-kva.example/a").problem()).isEmpty();
  }

  private static List<String> codes(String text) {
    List<String> codes = new ArrayList<>();
    text.codePoints().forEach(c -> codes.add(String.format("U+%04X", c)));
    return codes;
  }
}
