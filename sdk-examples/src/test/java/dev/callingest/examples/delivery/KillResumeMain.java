package dev.callingest.examples.delivery;

import dev.callingest.ClientOptions;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Run in a forked JVM by {@link KillResumeTest}, which kills it mid-import: imports N calls into
 * the emulator at the given base URL, ten per batch, one batch at a time, with a journal.
 */
public final class KillResumeMain {
  public static void main(String[] args) {
    String baseUrl = args[0];
    String apiKey = args[1];
    Path journal = Path.of(args[2]);
    int count = Integer.parseInt(args[3]);
    try (UploadClient client =
        UploadClient.builder()
            .options(
                ClientOptions.builder()
                    .baseUrl(baseUrl)
                    .credentials(UploadCredentials.of(apiKey))
                    .build())
            .pacing(UploadPacing.DISABLED)
            .build()) {
      client
          .importer()
          .waitForProcessing(false)
          .batchSize(10)
          .concurrency(1)
          .journal(journal)
          .build()
          .run(IntStream.range(0, count).mapToObj(DeliveryChaosTest::call));
    }
    System.out.println("finished before it was killed");
  }
}
