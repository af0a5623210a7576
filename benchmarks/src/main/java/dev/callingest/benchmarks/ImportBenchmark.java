package dev.callingest.benchmarks;

import dev.callingest.bulk.ImportReport;
import dev.callingest.internal.WireFormats;
import dev.callingest.upload.UploadBatch;
import dev.callingest.upload.UploadCall;
import dev.callingest.upload.UploadClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 5 (and the concurrency growth table): imports 100,000 calls in batches of 100 through a
 * loopback server, pacing off, without waiting for processing ({@link Http#engine}). The SDK runs
 * {@code client.importer()} over calls built beforehand (it validates each call, chunks,
 * serializes, submits and settles each call's outcome); the baseline is a hand-written loop of the
 * same number of threads posting the same batches, serialized beforehand, with plain OkHttp. One
 * operation is one whole import.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = {"-Xmx1g"})
public class ImportBenchmark {
  /** Calls per import; {@code -Dcallingest.bench.calls=N} shrinks it for the smoke run. */
  static final int CALLS = Integer.getInteger("callingest.bench.calls", 100_000);

  static final int BATCH = Http.IMPORT_BATCH;

  @Param({"1", "2", "4"})
  public int concurrency;

  private LoopbackServer server;
  private UploadClient client;
  private OkHttpClient raw;
  private List<UploadCall> calls;
  private List<byte[]> batches;
  private String url;
  private ExecutorService threads;

  @Setup
  public void setUp() throws Exception {
    server = new LoopbackServer(Http.RECEIPT);
    client = Http.sdkClient(server);
    raw = Http.rawClient();
    url = Http.batchUrl(server);
    calls = new ArrayList<>(CALLS);
    for (int i = 0; i < CALLS; i++) calls.add(Fixtures.uploadCall(i));
    batches = new ArrayList<>(CALLS / BATCH);
    for (int i = 0; i < CALLS; i += BATCH) {
      List<UploadCall> batch = calls.subList(i, Math.min(CALLS, i + BATCH));
      batches.add(WireFormats.write(UploadBatch.class, UploadBatch.of(batch)));
    }
    threads = Executors.newFixedThreadPool(concurrency);
  }

  @TearDown
  public void tearDown() throws Exception {
    threads.shutdown();
    client.close();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public ImportReport sdk() {
    ImportReport report = Http.engine(client, concurrency).build().run(calls.iterator());
    if (report.accepted() != CALLS) throw new IllegalStateException("not all accepted: " + report);
    return report;
  }

  @Benchmark
  public int rawOkHttp() throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Integer>> workers = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      workers.add(
          threads.submit(
              () -> {
                int sent = 0;
                for (int i = next.getAndIncrement();
                    i < batches.size();
                    i = next.getAndIncrement()) {
                  Http.rawPost(raw, url, batches.get(i));
                  sent += Math.min(BATCH, CALLS - i * BATCH);
                }
                return sent;
              }));
    }
    int sent = 0;
    for (Future<Integer> worker : workers) sent += worker.get();
    if (sent != CALLS) throw new IllegalStateException("sent " + sent);
    return sent;
  }
}
