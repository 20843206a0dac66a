package io.shardwise.driver.merge;

import io.shardwise.router.merge.SortKey;
import java.util.Comparator;
import java.util.List;

/** The ORDER BY of a merge as a comparator over rows, NULLs placed as the engine places them. */
final class RowOrder implements Comparator<Object[]> {

  private final List<SortKey> keys;
  private final NullSorting nulls;

  RowOrder(List<SortKey> keys, NullSorting nulls) {
    this.keys = keys;
    this.nulls = nulls;
  }

  @Override
  public int compare(Object[] a, Object[] b) {
    for (SortKey key : keys) {
      int column = key.column() > 0 ? key.column() - 1 : a.length + key.column();
      Object x = a[column];
      Object y = b[column];
      if (x == null || y == null) {
        if (x == y) {
          continue;
        }
        boolean nullsFirst =
            key.nulls() == SortKey.Nulls.DEFAULT
                ? nulls.nullsFirst(key.descending())
                : key.nulls() == SortKey.Nulls.FIRST;
        return (x == null) == nullsFirst ? -1 : 1;
      }
      int c = Values.compare(x, y);
      if (c != 0) {
        return key.descending() ? -c : c;
      }
    }
    return 0;
  }
}
