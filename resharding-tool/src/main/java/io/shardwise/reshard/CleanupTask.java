package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes the moved rows of one table from one old shard, in key-ordered batches with a checkpoint
 * after each. Deleting is naturally idempotent: a batch redone after a crash finds its rows gone.
 */
final class CleanupTask {

  private final ReshardPlan plan;
  private final ReshardMaps maps;
  private final String table;
  private final String source;
  private final int batchSize;
  private final CheckpointStore checkpoints;
  private final RateLimiter limiter;

  CleanupTask(
      ReshardPlan plan,
      ReshardMaps maps,
      String table,
      String source,
      int batchSize,
      CheckpointStore checkpoints,
      RateLimiter limiter) {
    this.plan = plan;
    this.maps = maps;
    this.table = table;
    this.source = source;
    this.batchSize = batchSize;
    this.checkpoints = checkpoints;
    this.limiter = limiter;
  }

  String id() {
    return CopyTask.id(table, source);
  }

  /** Runs to the end of the table; returns the rows this run deleted. */
  long run() throws SQLException, InterruptedException {
    TaskProgress progress = checkpoints.get(id());
    if (progress.done()) {
      return 0;
    }
    CopyDialect dialect = maps.dialect(source);
    long deleted = 0;
    try (Connection connection = maps.connectSource(source)) {
      TableShape shape = TableShape.discover(connection, dialect, table);
      MoveFilter filter = MoveFilter.of(plan, maps.placement(), table, source, shape);
      int[] canonical = shape.canonicalOrder();
      RowHasher hasher = new RowHasher();
      connection.setAutoCommit(false);
      try (KeysetReader reader = new KeysetReader(connection, dialect, shape, batchSize);
          PreparedStatement delete = connection.prepareStatement(deleteSql(dialect, shape))) {
        Object[] after = progress.lastKey() == null ? null : KeyCodec.decode(progress.lastKey());
        while (true) {
          List<Object[]> batch = reader.batchAfter(after);
          if (batch.isEmpty()) {
            break;
          }
          Map<String, RangeChecksum> sums = new LinkedHashMap<>();
          int rows = 0;
          for (Object[] row : batch) {
            String target = filter.targetOf(row);
            if (target != null) {
              Object[] key = reader.keyOf(row);
              for (int i = 0; i < key.length; i++) {
                delete.setObject(i + 1, key[i]);
              }
              delete.addBatch();
              rows++;
              long hash = hasher.hash(CopyTask.canonicalValues(row, canonical));
              sums.merge(target, RangeChecksum.EMPTY.plus(hash), RangeChecksum::plus);
            }
          }
          if (rows > 0) {
            delete.executeBatch();
          }
          limiter.acquire(rows);
          dialect.commitDurably(connection);
          after = reader.keyOf(batch.get(batch.size() - 1));
          progress = progress.after(KeyCodec.encode(after), batch.size(), sums);
          checkpoints.put(id(), progress);
          deleted += rows;
        }
      }
      checkpoints.put(id(), progress.finished());
    }
    return deleted;
  }

  private static String deleteSql(CopyDialect dialect, TableShape shape) {
    StringBuilder sql =
        new StringBuilder("DELETE FROM ").append(dialect.quote(shape.name())).append(" WHERE ");
    for (int i = 0; i < shape.primaryKey().size(); i++) {
      sql.append(i == 0 ? "" : " AND ")
          .append(dialect.quote(shape.primaryKey().get(i)))
          .append(" = ?");
    }
    return sql.toString();
  }
}
