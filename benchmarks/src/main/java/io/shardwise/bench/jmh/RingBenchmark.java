package io.shardwise.bench.jmh;

import io.shardwise.router.error.RoutingException;
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

/** Ring lookup of a {@code Long} key: XXH64 of the key, then the jump to its bucket of points. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RingBenchmark {

  @Param({"4", "16"})
  int shards;

  private HashRing ring;
  private Keys keys;

  @Setup
  public void setUp() {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (int i = 1; i <= shards; i++) {
      weights.put("s" + i, 1);
    }
    ring = HashRing.of(256, weights);
    keys = new Keys();
  }

  @Benchmark
  public String shardForLong() throws RoutingException {
    return ring.shardFor(keys.next());
  }
}
