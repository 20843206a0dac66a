package io.shardwise.bench.jmh;

import io.shardwise.driver.merge.MergePipeline;
import io.shardwise.driver.merge.MergedResultSet;
import io.shardwise.driver.merge.NullSorting;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.merge.RowLimit;
import io.shardwise.router.merge.SortKey;
import io.shardwise.router.route.ParameterValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.h2.tools.SimpleResultSet;
import org.h2.tools.SimpleRowSource;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The streaming k-way merge of shards' sorted rows, as a scatter {@code ORDER BY id} runs it: each
 * shard's rows come from an in-memory H2 {@link SimpleResultSet} over pre-built rows (no database,
 * no I/O), so the figure is the merge engine's own cost per result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MergeBenchmark {

  @Param({"4", "16"})
  int shards;

  /** Rows per shard. */
  @Param({"250"})
  int rows;

  private Object[][][] data;
  private MergePlan orderBy;
  private MergePlan orderByLimit;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    data = new Object[shards][rows][];
    for (int s = 0; s < shards; s++) {
      long id = 0;
      for (int r = 0; r < rows; r++) {
        id += 1 + random.nextInt(shards * 2);
        data[s][r] = new Object[] {id, "name-" + id};
      }
    }
    List<SortKey> order = List.of(new SortKey(1, false, SortKey.Nulls.DEFAULT));
    orderBy = new MergePlan("SELECT id, name FROM t ORDER BY id", 0, 0, order, null, null);
    orderByLimit =
        new MergePlan(
            "SELECT id, name FROM t ORDER BY id LIMIT 20",
            0,
            0,
            order,
            null,
            new RowLimit(0, 0, 20, 0));
  }

  /** Every row of every shard, merged; reads each row's columns as an application would. */
  @Benchmark
  public void mergeAll(Blackhole blackhole) throws SQLException {
    drain(orderBy, blackhole);
  }

  /** {@code ORDER BY id LIMIT 20}: stops after 20 merged rows. */
  @Benchmark
  public void mergeLimit20(Blackhole blackhole) throws SQLException {
    drain(orderByLimit, blackhole);
  }

  private void drain(MergePlan plan, Blackhole blackhole) throws SQLException {
    List<ResultSet> results = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      results.add(resultSet(data[s]));
    }
    try (MergedResultSet merged =
        MergePipeline.open(
            plan, results, NullSorting.LOW, ParameterValues.NONE, 0, null, closed -> {})) {
      while (merged.next()) {
        blackhole.consume(merged.getLong(1));
        blackhole.consume(merged.getString(2));
      }
    }
  }

  private static ResultSet resultSet(Object[][] rows) {
    SimpleResultSet rs = new SimpleResultSet(new ArraySource(rows));
    rs.addColumn("ID", Types.BIGINT, 19, 0);
    rs.addColumn("NAME", Types.VARCHAR, 100, 0);
    return rs;
  }

  /** Rows from an array, without copying it. */
  private static final class ArraySource implements SimpleRowSource {
    private final Object[][] rows;
    private int next;

    ArraySource(Object[][] rows) {
      this.rows = rows;
    }

    @Override
    public Object[] readRow() {
      return next < rows.length ? rows[next++] : null;
    }

    @Override
    public void close() {}

    @Override
    public void reset() {
      next = 0;
    }
  }
}
