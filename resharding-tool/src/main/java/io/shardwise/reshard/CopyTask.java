package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Copies the moving rows of one table from one source shard: key-ordered batches, each written to
 * its targets (committed) before the batch's checkpoint, so a crash loses no batch and a redone
 * batch writes nothing twice. Batches are checkpointed in key order by this one writing thread,
 * whatever the reader has read ahead.
 */
final class CopyTask {

  /** Batches read ahead of the one being written: enough to overlap, little memory. */
  private static final int READ_AHEAD = 2;

  private final ReshardPlan plan;
  private final ReshardMaps maps;
  private final String table;
  private final String source;
  private final CopySettings settings;
  private final CheckpointStore checkpoints;
  private final RateLimiter limiter;
  private final LongConsumer progress;
  private final ExecutorService readers;

  CopyTask(
      ReshardPlan plan,
      ReshardMaps maps,
      String table,
      String source,
      CopySettings settings,
      CheckpointStore checkpoints,
      RateLimiter limiter,
      LongConsumer progress,
      ExecutorService readers) {
    this.plan = plan;
    this.maps = maps;
    this.table = table;
    this.source = source;
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.limiter = limiter;
    this.progress = progress;
    this.readers = readers;
  }

  static String id(String table, String source) {
    return table + "@" + source;
  }

  String id() {
    return id(table, source);
  }

  /**
   * Runs to the end of the table; returns the rows moved by this run (dry run: would move). A
   * reader thread streams and filters the source while this thread writes each batch, commits it,
   * and only then checkpoints it.
   */
  long run() throws SQLException, InterruptedException {
    TaskProgress done = checkpoints.get(id());
    if (done.done()) {
      return 0;
    }
    CopyDialect sourceDialect = maps.dialect(source);
    Map<String, Connection> targetConnections = new HashMap<>();
    Map<String, IdempotentWriter> writers = new HashMap<>();
    Future<?> reading = null;
    try (Connection sourceConnection = maps.connectSource(source)) {
      TableShape shape = TableShape.discover(sourceConnection, sourceDialect, table);
      MoveFilter filter = MoveFilter.of(plan, maps.placement(), table, source, shape);
      BlockingQueue<CopyBatch> queue = new ArrayBlockingQueue<>(READ_AHEAD);
      Object[] after = done.lastKey() == null ? null : KeyCodec.decode(done.lastKey());
      reading =
          readers.submit(
              new CopyReader(
                  sourceConnection,
                  sourceDialect,
                  shape,
                  filter,
                  settings.batchSize(),
                  after,
                  queue));
      long movedThisRun = 0;
      TaskProgress progressSoFar = done;
      for (CopyBatch batch = queue.take(); !batch.end(); batch = queue.take()) {
        if (batch.failure() != null) {
          throw rethrow(batch.failure());
        }
        for (Map.Entry<String, List<Object[]>> entry : batch.rowsByTarget().entrySet()) {
          limiter.acquire(entry.getValue().size());
          if (!settings.dryRun()) {
            writer(entry.getKey(), shape, targetConnections, writers)
                .write(entry.getValue(), batch.copyLinesByTarget().get(entry.getKey()));
          }
        }
        progressSoFar =
            progressSoFar.after(KeyCodec.encode(batch.lastKey()), batch.scanned(), batch.sums());
        if (!settings.dryRun()) {
          checkpoints.put(id(), progressSoFar);
        }
        movedThisRun += batch.movingRows();
        progress.accept(batch.movingRows());
      }
      if (!settings.dryRun()) {
        checkpoints.put(id(), progressSoFar.finished());
      }
      return movedThisRun;
    } finally {
      if (reading != null) {
        reading.cancel(true);
      }
      closeAll(writers, targetConnections);
    }
  }

  private static SQLException rethrow(Throwable failure) {
    if (failure instanceof SQLException sql) {
      return sql;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new SQLException(failure);
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
      CopyDialect dialect = maps.dialect(target);
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
