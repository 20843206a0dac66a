package io.shardwise.bench.jmh;

import io.shardwise.bench.ShardMaps;
import io.shardwise.router.Router;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.ParameterValues;
import io.shardwise.router.route.RoutePlan;
import io.shardwise.router.route.SessionState;
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
 * The prepared-statement hot path: {@code Router.route(template, params, session)} with a template
 * analysed once and a parameter holder reused across executions, as {@code
 * LogicalPreparedStatement} does. Also a plain {@code Statement} whose literal differs each time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RouteBenchmark {

  static final String SELECT = "SELECT k, c, pad FROM bench_sbtest WHERE id = ?";
  static final String INSERT = "INSERT INTO bench_sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)";
  static final String UPDATE = "UPDATE bench_sbtest SET k = k + 1 WHERE id = ?";

  private Router router;
  private StatementTemplate select;
  private StatementTemplate insert;
  private StatementTemplate update;
  private final Params params = new Params(4);
  private Keys keys;
  private long literal;

  @Setup
  public void setUp() {
    router = ShardMaps.router(4);
    select = router.analyse(SELECT);
    insert = router.analyse(INSERT);
    update = router.analyse(UPDATE);
    keys = new Keys();
    params.set(2, 7L);
    params.set(3, "c-value");
    params.set(4, "pad-value");
  }

  @Benchmark
  public RoutePlan preparedPointSelect() throws RoutingException {
    params.set(1, keys.next());
    return router.route(select, params, SessionState.AUTOCOMMIT);
  }

  @Benchmark
  public RoutePlan preparedInsert() throws RoutingException {
    params.set(1, keys.next());
    return router.route(insert, params, SessionState.AUTOCOMMIT);
  }

  @Benchmark
  public RoutePlan preparedPointUpdate() throws RoutingException {
    params.set(1, keys.next());
    return router.route(update, params, SessionState.AUTOCOMMIT);
  }

  /**
   * A plain statement with its key inlined, a new literal each time: the template cache is keyed by
   * the exact text, so every execution is a cache miss and a full parse.
   */
  @Benchmark
  public RoutePlan plainPointSelectNewLiteral() throws RoutingException {
    String sql = "SELECT k, c, pad FROM bench_sbtest WHERE id = " + (++literal * 7919);
    return router.route(sql, ParameterValues.NONE, SessionState.AUTOCOMMIT);
  }
}
