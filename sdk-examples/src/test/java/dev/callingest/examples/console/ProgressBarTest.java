package dev.callingest.examples.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, UTF_8);

  @Test
  void onATerminalRedrawsOnlyChangedLinesAndPadsShorterOnes() {
    ProgressBar bar = new ProgressBar(out, true, 4, "");

    bar.update(1, 4, " 1/4 uploading");
    bar.update(1, 4, " 1/4 uploading");
    bar.update(4, 4, " 4/4");
    bar.finish();

    assertThat(bytes.toString(UTF_8))
        .isEqualTo("\r[#---] 1/4 uploading" + "\r[####] 4/4" + " ".repeat(10) + "\n");
  }

  @Test
  void onATerminalPrintsLinesAboveTheBarAndDrawsItAgain() {
    ProgressBar bar = new ProgressBar(out, true, 2, "");

    bar.update(1, 2, " half");
    bar.println("line 3: bad");

    assertThat(bytes.toString(UTF_8))
        .isEqualTo("\r[#-] half" + "\r" + " ".repeat(9) + "\r" + "line 3: bad\n" + "[#-] half");
  }

  @Test
  void elsewherePrintsPlainLinesAtEachTenthAndTheLastStateAtFinish() {
    ProgressBar bar = new ProgressBar(out, false, 10, "  ");

    for (int done = 0; done <= 95; done++) bar.update(done, 100, " " + done + "/100");
    bar.println("c-7: rejected");
    bar.finish();

    String[] lines = bytes.toString(UTF_8).split("\n", -1);
    assertThat(lines)
        .containsExactly(
            "  [----------] 0/100",
            "  [#---------] 10/100",
            "  [##--------] 20/100",
            "  [###-------] 30/100",
            "  [####------] 40/100",
            "  [#####-----] 50/100",
            "  [######----] 60/100",
            "  [#######---] 70/100",
            "  [########--] 80/100",
            "  [#########-] 90/100",
            "c-7: rejected",
            "  [#########-] 95/100",
            "");
    assertThat(bytes.toString(UTF_8)).doesNotContain("\r");
  }

  @Test
  void elsewhereFinishPrintsNothingMoreWhenTheLastStateWasPrinted() {
    ProgressBar bar = new ProgressBar(out, false, 4, "");

    bar.update(4, 4, " done");
    bar.finish();

    assertThat(bytes.toString(UTF_8)).isEqualTo("[####] done\n");
  }

  @Test
  void anEmptyTotalShowsAFullBarAndDoneIsClamped() {
    ProgressBar bar = new ProgressBar(out, false, 3, "");

    bar.update(0, 0, "");
    bar.finish();
    bar.update(9, 3, "");
    bar.update(-1, 3, "");

    assertThat(bytes.toString(UTF_8)).isEqualTo("[###]\n[###]\n[---]\n");
  }

  @Test
  void testsRunWithoutATerminal() {
    // Surefire's forked JVM has no console; the bar then must not redraw.
    assertThat(ProgressBar.onTerminal()).isFalse();
  }

  @Test
  void refusesAWidthBelowOne() {
    assertThatThrownBy(() -> new ProgressBar(out, false, 0, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("width < 1: 0");
  }
}
