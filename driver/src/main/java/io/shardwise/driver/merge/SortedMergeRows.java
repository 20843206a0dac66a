package io.shardwise.driver.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * A streaming k-way merge of shards whose rows each arrive sorted: it holds one row per shard, so
 * memory does not grow with the result. Correct only when every shard sorts exactly as {@link
 * RowOrder} compares, which is why NULL placement follows the engine's metadata.
 *
 * <p>Sources that read rows in place ({@link ShardRows#inPlace}) refill their array when they
 * advance; that is safe because a source is advanced only on the call after its row was returned,
 * when the application has moved on from it.
 *
 * <p>The heap holds shard indexes, not row/source pairs, and a returned row's shard is refilled in
 * place and sifted down once, so a merged row costs one sift (about log2(k) comparisons) and no
 * allocation of the merge's own; a {@code PriorityQueue} of records allocated a record per row and
 * sifted twice (poll, then add).
 */
final class SortedMergeRows implements RowStream {

  private final List<RowStream> sources;
  private final Comparator<Object[]> order;

  /** The current row of each source; null once the source is exhausted. */
  private final Object[][] heads;

  /**
   * Source indexes ordered as a binary min-heap by their head rows; the first {@code size} count.
   */
  private final int[] heap;

  private int size;

  /** The source whose row was returned last: advanced on the next call, not before. */
  private int returned = -1;

  private boolean started;

  SortedMergeRows(List<RowStream> sources, Comparator<Object[]> order) {
    this.sources = sources;
    this.order = order;
    this.heads = new Object[sources.size()][];
    this.heap = new int[sources.size()];
  }

  @Override
  public Object[] next() throws SQLException {
    if (!started) {
      started = true;
      start();
    } else if (returned >= 0) {
      Object[] row = sources.get(returned).next();
      if (row != null) {
        heads[returned] = row;
        siftDown(0);
      } else {
        heads[returned] = null;
        size--;
        if (size > 0) {
          heap[0] = heap[size];
          siftDown(0);
        }
      }
    }
    if (size == 0) {
      returned = -1;
      return null;
    }
    returned = heap[0];
    return heads[returned];
  }

  @Override
  public ResultSet inPlace() {
    return returned < 0 ? null : sources.get(returned).inPlace();
  }

  private void start() throws SQLException {
    for (int i = 0; i < heads.length; i++) {
      Object[] row = sources.get(i).next();
      if (row != null) {
        heads[i] = row;
        heap[size++] = i;
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  private void siftDown(int at) {
    int source = heap[at];
    Object[] row = heads[source];
    int half = size >>> 1;
    while (at < half) {
      int child = 2 * at + 1;
      int right = child + 1;
      if (right < size && order.compare(heads[heap[right]], heads[heap[child]]) < 0) {
        child = right;
      }
      if (order.compare(row, heads[heap[child]]) <= 0) {
        break;
      }
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = source;
  }
}
