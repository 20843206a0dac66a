package io.shardwise.reshard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * The read side of one copy task, on its own thread: streams the source table in key order, keeps
 * the rows that move, hashes them, and hands them to the writer in batches of {@code batchSize}
 * source rows through a small queue, so that reading the next batch overlaps writing this one. It
 * always ends the queue with {@link CopyBatch#END} or a failure, unless interrupted.
 */
final class CopyReader implements Runnable {

  private final Connection connection;
  private final CopyDialect dialect;
  private final TableShape shape;
  private final MoveFilter filter;
  private final int batchSize;
  private final Object[] afterKey;
  private final BlockingQueue<CopyBatch> queue;

  CopyReader(
      Connection connection,
      CopyDialect dialect,
      TableShape shape,
      MoveFilter filter,
      int batchSize,
      Object[] afterKey,
      BlockingQueue<CopyBatch> queue) {
    this.connection = connection;
    this.dialect = dialect;
    this.shape = shape;
    this.filter = filter;
    this.batchSize = batchSize;
    this.afterKey = afterKey;
    this.queue = queue;
  }

  @Override
  public void run() {
    try {
      try {
        readAll();
      } catch (SQLException | RuntimeException | Error e) {
        queue.put(CopyBatch.failed(e));
        return;
      }
      queue.put(CopyBatch.END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the writer gave up: nobody reads the queue any more
    }
  }

  private void readAll() throws SQLException, InterruptedException {
    int[] canonical = shape.canonicalOrder();
    RowHasher hasher = new RowHasher();
    try (SourceScan scan = open()) {
      Map<String, List<Object[]>> byTarget = new LinkedHashMap<>();
      Map<String, List<byte[]>> lines = new LinkedHashMap<>();
      Map<String, RangeChecksum> sums = new LinkedHashMap<>();
      long scanned = 0;
      Object[] lastKey = null;
      while (scan.next()) {
        lastKey = scan.key();
        List<String> targets =
            filter.broadcast()
                ? filter.broadcastTargets()
                : single(filter.targetOfKey(scan.value(filter.shardKeyIndex())));
        if (!targets.isEmpty()) {
          Object[] row = scan.row();
          byte[] line = scan.copyLine();
          long rowHash = hasher.hash(CopyTask.canonicalValues(row, canonical));
          for (String target : targets) {
            byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(row);
            if (line != null) {
              lines.computeIfAbsent(target, t -> new ArrayList<>()).add(line);
            }
            sums.merge(target, RangeChecksum.EMPTY.plus(rowHash), RangeChecksum::plus);
          }
        }
        if (++scanned == batchSize) {
          queue.put(new CopyBatch(lastKey, scanned, byTarget, lines, sums, null));
          byTarget = new LinkedHashMap<>();
          lines = new LinkedHashMap<>();
          sums = new LinkedHashMap<>();
          scanned = 0;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      if (scanned > 0) {
        queue.put(new CopyBatch(lastKey, scanned, byTarget, lines, sums, null));
      }
    }
  }

  /** PostgreSQL through COPY where the column types allow it, else a JDBC cursor. */
  private SourceScan open() throws SQLException {
    if (dialect == CopyDialect.POSTGRESQL) {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false); // one snapshot for the type probe and the COPY
      }
      SourceScan copy = PgCopyScan.open(connection, dialect, shape, afterKey);
      if (copy != null) {
        return copy;
      }
    }
    return new KeyOrderedScan(connection, dialect, shape, afterKey);
  }

  private static List<String> single(String target) {
    return target == null ? List.of() : List.of(target);
  }
}
