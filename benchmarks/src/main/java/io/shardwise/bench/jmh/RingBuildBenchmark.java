package io.shardwise.bench.jmh;

import io.shardwise.router.ring.HashRing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a ring, as a runtime does when it starts: a typical one (8 shards of 512 points) and the
 * largest a shard map may ask for (1,048,576 points over 2 or 256 shards). Warm figures; the cost
 * of a cold start is in docs/ring.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx256m")
@State(Scope.Benchmark)
public class RingBuildBenchmark {

  /** Shards x virtual nodes, each shard of weight 1. */
  @Param({"8x512", "2x524288", "256x4096"})
  String shape;

  private final Map<String, Integer> weights = new LinkedHashMap<>();
  private int virtualNodes;

  @Setup
  public void setUp() {
    String[] parts = shape.split("x");
    for (int i = 1; i <= Integer.parseInt(parts[0]); i++) {
      weights.put("s" + i, 1);
    }
    virtualNodes = Integer.parseInt(parts[1]);
  }

  @Benchmark
  public HashRing build() {
    return HashRing.of(virtualNodes, weights);
  }
}
