package dev.callingest.bulk;

import dev.callingest.ClientOptions;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Run in a forked JVM by {@link JdbcKillResumeTest}, which kills it mid-import: imports N calls
 * into the emulator, ten per batch, one batch at a time, journaling in PostgreSQL under a 2 s
 * lease. Arguments: base URL, API key, JDBC URL, import name, call count.
 */
public final class JdbcKillResumeMain {
  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(args[2]);
    try (UploadClient client = client(args[0], args[1])) {
      client
          .importer()
          .waitForProcessing(false)
          .batchSize(10)
          .concurrency(1)
          .journal(journal(dataSource, args[3]))
          .build()
          .run(IntStream.range(0, Integer.parseInt(args[4])).mapToObj(JdbcKillResumeMain::call));
    }
    System.out.println("finished before it was killed");
  }

  /** The journal of import {@code name}: a 2 s lease, renewed every 200 ms. */
  public static JdbcImportJournal journal(javax.sql.DataSource dataSource, String name) {
    return JdbcImportJournal.builder(dataSource, name)
        .leaseDuration(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofMillis(200))
        .build();
  }

  static UploadClient client(String baseUrl, String apiKey) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(baseUrl)
                .credentials(UploadCredentials.of(apiKey))
                .build())
        .pacing(UploadPacing.DISABLED)
        .build();
  }

  /** Call {@code i} of the import: external id {@code up-i}. */
  public static UploadCall call(int i) {
    return UploadCall.builder()
        .externalId("up-" + i)
        .audioUrl("https://recordings.example.com/" + i + ".mp3")
        .userEmail("rep@example.com")
        .callDate(Instant.parse("2026-03-01T09:00:00Z"))
        .build();
  }
}
