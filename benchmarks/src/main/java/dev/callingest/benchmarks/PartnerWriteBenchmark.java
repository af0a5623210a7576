package dev.callingest.benchmarks;

import dev.callingest.internal.WireFormats;
import dev.callingest.partner.IngestBatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 1: writes a 50-item Partner batch (every field set) to JSON bytes, as {@code
 * PartnerClient.submit} does, against Jackson databind on equivalent plain classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PartnerWriteBenchmark {
  private IngestBatch batch;
  private JacksonModels.IngestBatchDto dto;

  @Setup
  public void setUp() throws Exception {
    batch = Fixtures.ingestBatch(IngestBatch.MAX_ITEMS);
    dto = Fixtures.ingestBatchDto(batch);
    Equivalence.sameJson("partner batch", sdk(), jackson());
  }

  @Benchmark
  public byte[] sdk() {
    return WireFormats.write(IngestBatch.class, batch);
  }

  @Benchmark
  public byte[] jackson() throws Exception {
    return JacksonModels.MAPPER.writeValueAsBytes(dto);
  }
}
