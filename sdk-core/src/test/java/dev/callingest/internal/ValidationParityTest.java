package dev.callingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The email and URL rules, rewritten to read ranges of the text in place, give every verdict the
 * earlier substring-based versions gave ({@link ReferenceEmailRule}, {@link ReferenceUrlCheck}), on
 * random strings built from the characters each rule branches on.
 */
class ValidationParityTest {
  private static final String[] EMAIL_PIECES = {
    "a",
    "Z",
    "7",
    "-",
    ".",
    "..",
    "@",
    "@@",
    "\"",
    "\\",
    " ",
    "_",
    "+",
    "xn--",
    "xn",
    "com",
    "org",
    "q",
    "é",
    "\u00A9",
    "\u00A0",
    "\uFF21",
    "\uD83D\uDE00",
    "\uD83D",
    "\uDE00",
    "\n",
    "\u3000",
    "example",
    "co.uk",
    "1",
    "255",
    "!",
    "#",
    "(",
    "[",
    "]",
    "~",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  };

  private static final String[] URL_PIECES = {
    "http",
    "HTTPS",
    "https",
    "s3",
    "S3",
    "ftp",
    "h+t",
    "1x",
    "://",
    ":/",
    "/",
    "//",
    "?",
    "#",
    ":",
    ":80",
    ":65535",
    ":65536",
    ":0008",
    ":x",
    "@",
    "user:pw@",
    "[",
    "]",
    "[::1]",
    "[2001:db8::1]",
    "[1:2:3:4:5:6:7:8]",
    "[::ffff:1.2.3.4]",
    "[:::]",
    ".",
    "..",
    "-",
    "_",
    "a",
    "example",
    "com",
    "1",
    "127.0.0.1",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3",
    "é",
    "\uD83D\uDE00",
    " ",
    "\t",
    "\u0085",
    "%20",
    "x".repeat(64),
    "y".repeat(200),
    "bucket",
    "key.wav",
    "a.b.c"
  };

  @Test
  void spaceRuleKeepsEveryVerdict() {
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      assertThat(FieldRules.isSpace((char) c))
          .as("isSpace(U+%04X)", c)
          .isEqualTo(referenceIsSpace((char) c));
    }
  }

  /** {@link FieldRules#isSpace} before its ASCII fast path, the oracle of the test above. */
  private static boolean referenceIsSpace(char c) {
    switch (c) {
      case '\t', '\n', '\u000B', '\f', '\r', '\u2028', '\u2029', '\uFEFF':
        return true;
      default:
        return Character.getType(c) == Character.SPACE_SEPARATOR;
    }
  }

  @Test
  void emailRuleKeepsEveryVerdict() {
    Random random = new Random(24);
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      String email = n % 3 == 0 ? plausibleEmail(random) : compose(random, EMAIL_PIECES, 8);
      boolean verdict = EmailRule.accepts(email);
      assertThat(verdict).as("isEmail(%s)", email).isEqualTo(ReferenceEmailRule.accepts(email));
      if (verdict) accepted++;
    }
    assertThat(accepted).as("accepted addresses among the samples").isGreaterThan(1_000);
  }

  @Test
  void urlRuleKeepsEveryVerdictAndPart() {
    Random random = new Random(24);
    int valid = 0;
    for (int n = 0; n < 200_000; n++) {
      String url = n % 3 == 0 ? plausibleUrl(random) : compose(random, URL_PIECES, 7);
      UrlCheck check = UrlCheck.of(url);
      ReferenceUrlCheck reference = ReferenceUrlCheck.of(url);
      assertThat(check.problem()).as("problem of %s", url).isEqualTo(reference.problem());
      assertThat(check.scheme()).as("scheme of %s", url).isEqualTo(reference.scheme());
      assertThat(check.host()).as("host of %s", url).isEqualTo(reference.host());
      assertThat(check.hasPortSeparator())
          .as("port separator of %s", url)
          .isEqualTo(reference.hasPortSeparator());
      assertThat(check.hasPathBeyondSlash())
          .as("path of %s", url)
          .isEqualTo(reference.hasPathBeyondSlash());
      if (check.problem().isEmpty()) valid++;
    }
    assertThat(valid).as("valid URLs among the samples").isGreaterThan(10_000);
  }

  private static String plausibleEmail(Random random) {
    return compose(random, EMAIL_PIECES, 3)
        + "@"
        + compose(random, EMAIL_PIECES, 2)
        + "."
        + (random.nextBoolean() ? "com" : compose(random, EMAIL_PIECES, 2));
  }

  private static String plausibleUrl(Random random) {
    return URL_PIECES[random.nextInt(5)]
        + "://"
        + compose(random, URL_PIECES, 3)
        + (random.nextBoolean() ? "/" + compose(random, URL_PIECES, 2) : "");
  }

  private static String compose(Random random, String[] pieces, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--)
      text.append(pieces[random.nextInt(pieces.length)]);
    return text.toString();
  }
}
