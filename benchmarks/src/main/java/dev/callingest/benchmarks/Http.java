package dev.callingest.benchmarks;

import dev.callingest.ClientOptions;
import dev.callingest.bulk.BulkImporter;
import dev.callingest.internal.NoDelaySocketFactory;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import dev.callingest.upload.UploadCredentials;
import dev.callingest.upload.UploadPacing;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The two clients of the HTTP workloads, configured alike. */
final class Http {
  static final String RECEIPT =
      "{\"success\":true,\"batch_id\":\"batch_7f3a9c2e\",\"calls_submitted\":100,\"status\":\"queued\"}";
  static final String API_KEY = "bench-api-key-0000000000000000";
  static final int IMPORT_BATCH = 100;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private Http() {}

  /**
   * The SDK's client as users get it, pacing off (the Upload API's hourly limits would otherwise
   * pace it). Its transport opens sockets with TCP_NODELAY; the baseline gets the same sockets.
   */
  static UploadClient sdkClient(LoopbackServer server) {
    return UploadClient.builder()
        .options(
            ClientOptions.builder()
                .baseUrl(server.url())
                .credentials(UploadCredentials.of(API_KEY))
                .build())
        .pacing(UploadPacing.DISABLED)
        .build();
  }

  /** A plain OkHttp client with the settings the SDK's transport uses and the same timeouts. */
  static OkHttpClient rawClient() {
    return new OkHttpClient.Builder()
        // The SDK's own socket factory: TCP_NODELAY, see docs/performance.md on Nagle's algorithm.
        .socketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  /**
   * What a careful hand-written client sends: the same path, the same headers (credentials,
   * idempotency key, user agent) and the same bytes; the receipt is read whole.
   */
  static byte[] rawPost(OkHttpClient client, String url, byte[] body) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(body, JSON))
            .header("Authorization", "Bearer " + API_KEY)
            .header("Accept", "application/json")
            .header("User-Agent", "bench-baseline/1.0")
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .build();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) throw new IOException("HTTP " + response.code());
      return response.body().bytes();
    }
  }

  /**
   * The import engine's settings for the benchmarks that measure the engine: batches of {@link
   * #IMPORT_BATCH} calls, {@code concurrency} batches in flight, and {@code
   * waitForProcessing(false)} (the Upload default waits for each batch to finish processing,
   * polling its status from 5 s after the submission, which measures the server, not the SDK).
   * Pacing is off in {@link #sdkClient(LoopbackServer)}. docs/performance.md names these settings.
   */
  static BulkImporter.Builder<UploadCall> engine(UploadClient client, int concurrency) {
    return client
        .importer()
        .batchSize(IMPORT_BATCH)
        .concurrency(concurrency)
        .waitForProcessing(false);
  }

  static String batchUrl(LoopbackServer server) {
    return server.url() + "/v1/calls/batch-upload";
  }
}
