package dev.callingest.benchmarks;

import dev.callingest.analysis.CallAnalysis;
import dev.callingest.internal.WireFormats;
import dev.callingest.upload.BatchStatus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 2: parses a 100-call batch status (as {@code UploadClient.status} does) and a 7 KB call
 * analysis callback ({@link CallAnalysis#fromJson(byte[])}) from UTF-8 bytes, against Jackson
 * databind binding the same bytes to plain classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {
  private byte[] status;
  private byte[] callback;

  @Setup
  public void setUp() throws Exception {
    status = Fixtures.batchStatusJson(100);
    callback = Fixtures.callbackJson();
    BatchStatus parsed = sdkBatchStatus();
    JacksonModels.BatchStatusDto dto = (JacksonModels.BatchStatusDto) jacksonBatchStatus();
    Equivalence.check(
        "status parses alike",
        parsed.calls().size() == 100
            && dto.calls.size() == 100
            && parsed.submittedAt().get().equals(dto.submittedAt)
            && parsed.calls().get(0).processedAt().get().equals(dto.calls.get(0).processedAt));
    CallAnalysis analysis = sdkCallback();
    JacksonModels.CallAnalysisDto analysisDto = (JacksonModels.CallAnalysisDto) jacksonCallback();
    Equivalence.check(
        "callback parses alike",
        analysis.quality().size() == analysisDto.quality.size()
            && analysis.summary().size() == analysisDto.summary.size()
            && analysis.meta().get().metadata().size() == analysisDto.meta.metadata.size());
  }

  @Benchmark
  public BatchStatus sdkBatchStatus() throws Exception {
    return WireFormats.read(BatchStatus.class, status);
  }

  @Benchmark
  public Object jacksonBatchStatus() throws Exception {
    return JacksonModels.MAPPER.readValue(status, JacksonModels.BatchStatusDto.class);
  }

  @Benchmark
  public CallAnalysis sdkCallback() {
    return CallAnalysis.fromJson(callback);
  }

  @Benchmark
  public Object jacksonCallback() throws Exception {
    return JacksonModels.MAPPER.readValue(callback, JacksonModels.CallAnalysisDto.class);
  }
}
