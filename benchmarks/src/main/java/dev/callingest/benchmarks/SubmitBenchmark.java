package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.upload.SubmissionReceipt;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadClient;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 4: submits a 100-call batch to a loopback server and reads the receipt. The SDK
 * validates, serializes, sends and parses ({@link UploadClient#submit}); the baseline is the
 * hand-written client of issue #24, which serializes the same batch with Jackson, posts it with
 * plain OkHttp to the same server and parses the receipt with Jackson. A second reference posts the
 * bytes serialized beforehand and parses nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SubmitBenchmark {
  private LoopbackServer server;
  private UploadClient client;
  private OkHttpClient raw;
  private UploadBatch batch;
  private JacksonModels.UploadBatchDto dto;
  private byte[] body;
  private String url;

  @Setup
  public void setUp() throws Exception {
    server = new LoopbackServer(Http.RECEIPT);
    client = Http.sdkClient(server);
    raw = Http.rawClient();
    batch = Fixtures.uploadBatch(UploadBatch.MAX_CALLS, 0);
    dto = Fixtures.uploadBatchDto(batch);
    body = WireFormats.write(UploadBatch.class, batch);
    url = Http.batchUrl(server);
    sdk();
    long before = server.bodyBytes();
    rawOkHttp();
    Equivalence.check("same bytes on the wire", server.bodyBytes() - before == body.length);
  }

  @TearDown
  public void tearDown() throws Exception {
    client.close();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public SubmissionReceipt sdk() {
    return client.submit(batch);
  }

  /** A reference: the raw post of bytes serialized beforehand, nothing parsed. */
  @Benchmark
  public byte[] rawOkHttp() throws Exception {
    return Http.rawPost(raw, url, body);
  }

  /**
   * The baseline: a hand-written client that serializes each batch with Jackson, posts it and
   * parses the receipt with Jackson (it validates nothing).
   */
  @Benchmark
  public Object rawOkHttpWithJackson() throws Exception {
    byte[] receipt = Http.rawPost(raw, url, JacksonModels.MAPPER.writeValueAsBytes(dto));
    return JacksonModels.MAPPER.readValue(receipt, JacksonModels.ReceiptDto.class);
  }
}
