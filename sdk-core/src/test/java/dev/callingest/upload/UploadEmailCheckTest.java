package dev.callingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written email scan accepts exactly what the loose regular expression it replaced did. */
class UploadEmailCheckTest {
  static final Pattern LOOSE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

  @Test
  void agreesWithTheRegularExpressionOnHandPickedCases() {
    List<String> cases = List.of(
        "agent@company.com", "a@b.c", "first.last+tag@sub.example.co.uk", "@example.com",
        "agent@", "agent@example", "agent@.example.com", "agent@example..com", "agent@example.com.",
        "agent@@example.com", "a b@example.com", "agent@exa mple.com", "agent@example.com\n",
        "\tagent@example.com", "agent@ex\u000Bample.com", "ägent@exämple.de", "agent@[127.0.0.1]", "");
    for (String email : cases) {
      assertThat(UploadValidator.isEmail(email)).as("'%s'", email).isEqualTo(LOOSE.matcher(email).matches());
    }
  }

  @Test
  void agreesWithTheRegularExpressionOnRandomStrings() {
    Random random = new Random(42);
    char[] alphabet = {'a', 'b', '.', '@', ' ', '\t', '-', '_', 'é', '\n'};
    List<String> disagreements = new ArrayList<>();
    for (int n = 0; n < 200_000; n++) {
      StringBuilder email = new StringBuilder();
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) email.append(alphabet[random.nextInt(alphabet.length)]);
      String s = email.toString();
      if (UploadValidator.isEmail(s) != LOOSE.matcher(s).matches()) disagreements.add(s);
    }
    assertThat(disagreements).isEmpty();
  }
}
