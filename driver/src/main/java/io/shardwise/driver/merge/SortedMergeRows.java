package io.shardwise.driver.merge;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A streaming k-way merge of shards whose rows each arrive sorted: it holds one row per shard, so
 * memory does not grow with the result. Correct only when every shard sorts exactly as {@link
 * RowOrder} compares, which is why NULL placement follows the engine's metadata.
 */
final class SortedMergeRows implements RowStream {

  private record Head(Object[] row, RowStream source) {}

  private final PriorityQueue<Head> heads;
  private final List<RowStream> sources;
  private boolean started;

  SortedMergeRows(List<RowStream> sources, Comparator<Object[]> order) {
    this.sources = sources;
    this.heads =
        new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.row, b.row));
  }

  @Override
  public Object[] next() throws SQLException {
    if (!started) {
      started = true;
      for (RowStream source : sources) {
        advance(source);
      }
    }
    Head head = heads.poll();
    if (head == null) {
      return null;
    }
    advance(head.source);
    return head.row;
  }

  private void advance(RowStream source) throws SQLException {
    Object[] row = source.next();
    if (row != null) {
      heads.add(new Head(row, source));
    }
  }
}
