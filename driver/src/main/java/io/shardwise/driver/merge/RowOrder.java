package io.shardwise.driver.merge;

import io.shardwise.router.merge.SortKey;
import java.util.Comparator;
import java.util.List;

/**
 * The ORDER BY of a merge as a comparator over rows, NULLs placed as the engine places them. The
 * keys are unpacked into arrays once: a merge compares a few times per row, and walking the key
 * list (an iterator per comparison) and resolving NULL placement each time was a visible share of a
 * scatter's CPU.
 */
final class RowOrder implements Comparator<Object[]> {

  /** The 0-based row column of each key ({@link SortKey#column()} resolved for the row width). */
  private final int[] columns;

  private final boolean[] descending;
  private final boolean[] nullsFirst;

  /**
   * @param width the columns of the rows compared (the shard SQL's), against which keys counted
   *     from the row's end are resolved
   */
  RowOrder(List<SortKey> keys, NullSorting nulls, int width) {
    int n = keys.size();
    columns = new int[n];
    descending = new boolean[n];
    nullsFirst = new boolean[n];
    for (int i = 0; i < n; i++) {
      SortKey key = keys.get(i);
      columns[i] = key.column() > 0 ? key.column() - 1 : width + key.column();
      descending[i] = key.descending();
      nullsFirst[i] =
          key.nulls() == SortKey.Nulls.DEFAULT
              ? nulls.nullsFirst(key.descending())
              : key.nulls() == SortKey.Nulls.FIRST;
    }
  }

  /** The 0-based columns the comparison reads: all a merge must copy out of a row. */
  int[] columns() {
    return columns.clone();
  }

  @Override
  public int compare(Object[] a, Object[] b) {
    for (int i = 0; i < columns.length; i++) {
      Object x = a[columns[i]];
      Object y = b[columns[i]];
      if (x == null || y == null) {
        if (x == y) {
          continue;
        }
        return (x == null) == nullsFirst[i] ? -1 : 1;
      }
      int c = Values.compare(x, y);
      if (c != 0) {
        return descending[i] ? -c : c;
      }
    }
    return 0;
  }
}
