package dev.callingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming reads the journal as a stream: a million-call journal resumes in a 64 MB heap. */
class JournalResumeTest {
  @TempDir Path dir;

  @Test
  void aMillionCallJournalResumesInA64MbHeap() throws Exception {
    Path journal = dir.resolve("million.journal");
    int total = 1_000_000;
    int open = 1_000;
    try (BufferedWriter out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8)) {
      out.write(Journal.HEADER + "\n");
      for (int i = 0; i < total; i++) {
        out.write("P\tcall-" + i + "\n");
        if (i < total - open)
          out.write(
              "A\tcall-"
                  + i
                  + "\tbatch_"
                  + (i / 100)
                  + "\t"
                  + (i % 1000 == 0 ? "twice" : "once")
                  + "\n");
      }
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                ResumeMain.class.getName(),
                journal.toString(),
                Integer.toString(total))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    // 999 accepted calls were journaled "twice" and keep their flag when skipped; the 1,000 open
    // submissions are sent again and flagged.
    assertThat(output).contains("skipped=999000 accepted=1000 flagged=1999");
  }

  @Test
  void theJournalIsReadLineByLineAndKeepsEveryFlag() throws Exception {
    Path journal = dir.resolve("flags.journal");
    Files.writeString(
        journal,
        Journal.HEADER
            + "\n"
            + "P\ta\nD\ta\tdropped\n" // in doubt
            + "P\tb\nF\tb\t503\n" // certainly not delivered
            + "P\tc\nA\tc\tb1\ttwice\n" // accepted, possibly twice
            + "P\td\nD\td\tx\nP\td\nF\td\t400\n" // in doubt in run 1 stays in doubt after a refusal
            // in run 2
            + "P\te\n" // open at a crash
            + "P\tf\nP\tf\nA\tf\tb2\tonce\n" // a submission left open before a later one: still
            // accepted
            + "R\tg\tbad\n",
        StandardCharsets.UTF_8);
    IdStates states = new IdStates();

    Journal.load(journal, states);

    assertThat(states.has("a", IdStates.DOUBT)).isTrue();
    assertThat(states.get("b") & (IdStates.DOUBT | IdStates.DONE)).isZero();
    assertThat(states.has("c", IdStates.DONE_TWICE)).isTrue();
    assertThat(states.has("d", IdStates.DOUBT)).isTrue();
    assertThat(states.has("e", IdStates.DOUBT)).isTrue();
    assertThat(states.has("e", IdStates.OPEN)).isFalse();
    assertThat(states.has("f", IdStates.DONE)).isTrue();
    assertThat(states.has("f", IdStates.DOUBT)).isTrue();
    assertThat(states.get("g")).isEqualTo(IdStates.PRESENT);
  }
}
