package io.shardwise.bench.jmh;

import io.shardwise.bench.ShardMaps;
import io.shardwise.router.sql.SqlAnalyzer;
import io.shardwise.router.sql.StatementTemplate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * First-time analysis (parse + routing analysis, no cache) of statements as Hibernate 6 generates
 * them: aliased columns, {@code ?} parameters. Warm JIT; the cold first statement of a fresh JVM is
 * measured by the load harness ({@code startup}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AnalyseBenchmark {

  static final String ORM_SELECT =
      "select u1_0.user_id,u1_0.name from users u1_0 where u1_0.user_id=?";
  static final String ORM_JOIN =
      "select o1_0.order_id,o1_0.amount,o1_0.created_at,u1_0.user_id,u1_0.name from orders o1_0"
          + " join users u1_0 on u1_0.user_id=o1_0.user_id where o1_0.user_id=? order by"
          + " o1_0.created_at desc";
  static final String ORM_UPDATE = "update users set name=?,email=? where user_id=?";

  private SqlAnalyzer analyzer;

  @Setup
  public void setUp() {
    analyzer = new SqlAnalyzer(ShardMaps.router(4).shardMap());
  }

  @Benchmark
  public StatementTemplate ormPointSelect() {
    return analyzer.analyse(ORM_SELECT);
  }

  @Benchmark
  public StatementTemplate ormJoin() {
    return analyzer.analyse(ORM_JOIN);
  }

  @Benchmark
  public StatementTemplate ormUpdate() {
    return analyzer.analyse(ORM_UPDATE);
  }
}
