package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Copies the moving rows of one table from one source shard: key-ordered batches, each written to
 * its targets (committed) before the batch's checkpoint, so a crash loses no batch and a redone
 * batch writes nothing twice.
 */
final class CopyTask {

  private final ReshardPlan plan;
  private final ReshardMaps maps;
  private final String table;
  private final String source;
  private final CopySettings settings;
  private final CheckpointStore checkpoints;
  private final RateLimiter limiter;
  private final LongConsumer progress;

  CopyTask(
      ReshardPlan plan,
      ReshardMaps maps,
      String table,
      String source,
      CopySettings settings,
      CheckpointStore checkpoints,
      RateLimiter limiter,
      LongConsumer progress) {
    this.plan = plan;
    this.maps = maps;
    this.table = table;
    this.source = source;
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.limiter = limiter;
    this.progress = progress;
  }

  static String id(String table, String source) {
    return table + "@" + source;
  }

  String id() {
    return id(table, source);
  }

  /** Runs to the end of the table; returns the rows moved by this run (dry run: would move). */
  long run() throws SQLException, InterruptedException {
    TaskProgress done = checkpoints.get(id());
    if (done.done()) {
      return 0;
    }
    Dialect sourceDialect = maps.dialect(source);
    Map<String, Connection> targetConnections = new HashMap<>();
    Map<String, IdempotentWriter> writers = new HashMap<>();
    try (Connection sourceConnection = maps.connectSource(source)) {
      TableShape shape = TableShape.discover(sourceConnection, sourceDialect, table);
      MoveFilter filter = MoveFilter.of(plan, maps.placement(), table, source, shape);
      int[] canonical = shape.canonicalOrder();
      RowHasher hasher = new RowHasher();
      long movedThisRun = 0;
      try (KeysetReader reader =
          new KeysetReader(sourceConnection, sourceDialect, shape, settings.batchSize())) {
        TaskProgress progressSoFar = done;
        Object[] after = done.lastKey() == null ? null : KeyCodec.decode(done.lastKey());
        while (true) {
          List<Object[]> batch = reader.batchAfter(after);
          if (batch.isEmpty()) {
            break;
          }
          Map<String, List<Object[]>> byTarget = new LinkedHashMap<>();
          Map<String, RangeChecksum> sums = new LinkedHashMap<>();
          for (Object[] row : batch) {
            List<String> targets =
                filter.broadcast() ? filter.broadcastTargets() : single(filter.targetOf(row));
            if (targets.isEmpty()) {
              continue;
            }
            long rowHash = hasher.hash(canonicalValues(row, canonical));
            for (String target : targets) {
              byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(row);
              sums.merge(target, RangeChecksum.EMPTY.plus(rowHash), RangeChecksum::plus);
            }
          }
          long moved = 0;
          for (Map.Entry<String, List<Object[]>> entry : byTarget.entrySet()) {
            moved += entry.getValue().size();
            limiter.acquire(entry.getValue().size());
            if (!settings.dryRun()) {
              writer(entry.getKey(), shape, targetConnections, writers).write(entry.getValue());
            }
          }
          after = reader.keyOf(batch.get(batch.size() - 1));
          progressSoFar = progressSoFar.after(KeyCodec.encode(after), batch.size(), sums);
          if (!settings.dryRun()) {
            checkpoints.put(id(), progressSoFar);
          }
          movedThisRun += moved;
          progress.accept(moved);
        }
        if (!settings.dryRun()) {
          checkpoints.put(id(), progressSoFar.finished());
        }
      }
      return movedThisRun;
    } finally {
      closeAll(writers, targetConnections);
    }
  }

  private static List<String> single(String target) {
    return target == null ? List.of() : List.of(target);
  }

  static Object[] canonicalValues(Object[] row, int[] canonical) {
    Object[] values = new Object[canonical.length];
    for (int i = 0; i < canonical.length; i++) {
      values[i] = row[canonical[i]];
    }
    return values;
  }

  private IdempotentWriter writer(
      String target,
      TableShape sourceShape,
      Map<String, Connection> connections,
      Map<String, IdempotentWriter> writers)
      throws SQLException {
    IdempotentWriter writer = writers.get(target);
    if (writer == null) {
      Connection connection = maps.connectTarget(target);
      connections.put(target, connection);
      Dialect dialect = maps.dialect(target);
      TableShape targetShape = TableShape.discover(connection, dialect, table);
      writer = new IdempotentWriter(connection, dialect, sourceShape, targetShape);
      writers.put(target, writer);
    }
    return writer;
  }

  private static void closeAll(
      Map<String, IdempotentWriter> writers, Map<String, Connection> connections)
      throws SQLException {
    SQLException first = null;
    for (AutoCloseable closeable : new ArrayList<AutoCloseable>(writers.values())) {
      first = closeQuietly(closeable, first);
    }
    for (AutoCloseable closeable : new ArrayList<AutoCloseable>(connections.values())) {
      first = closeQuietly(closeable, first);
    }
    if (first != null) {
      throw first;
    }
  }

  private static SQLException closeQuietly(AutoCloseable closeable, SQLException first) {
    try {
      closeable.close();
      return first;
    } catch (Exception e) {
      SQLException failure = e instanceof SQLException sql ? sql : new SQLException(e);
      if (first != null) {
        first.addSuppressed(failure);
        return first;
      }
      return failure;
    }
  }
}
