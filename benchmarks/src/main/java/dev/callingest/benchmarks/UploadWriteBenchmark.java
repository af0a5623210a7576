package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.upload.UploadBatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 1 (and the JSON growth table): writes an Upload batch of 1 to 100 calls to JSON bytes.
 * The SDK runs the adapter {@code UploadClient.submit} runs; the baseline binds equivalent plain
 * classes with Jackson databind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UploadWriteBenchmark {
  @Param({"1", "10", "50", "100"})
  public int calls;

  private UploadBatch batch;
  private JacksonModels.UploadBatchDto dto;

  @Setup
  public void setUp() throws Exception {
    batch = Fixtures.uploadBatch(calls, 0);
    dto = Fixtures.uploadBatchDto(batch);
    Equivalence.sameJson("upload batch", sdk(), jackson());
  }

  @Benchmark
  public byte[] sdk() {
    return WireFormats.write(UploadBatch.class, batch);
  }

  @Benchmark
  public byte[] jackson() throws Exception {
    return JacksonModels.MAPPER.writeValueAsBytes(dto);
  }
}
