package io.shardwise.router.merge;

/**
 * One ORDER BY key of a merge.
 *
 * @param column the 1-based column of the shard rows that holds the key; negative counts from the
 *     row's end (-1 is the last column), for keys added behind a {@code SELECT *}
 * @param descending DESC
 * @param nulls where NULLs go; {@link Nulls#DEFAULT} follows the database's own default, which the
 *     driver reads from the shards' metadata because engines differ (H2 and MySQL sort NULL low,
 *     PostgreSQL high)
 */
public record SortKey(int column, boolean descending, Nulls nulls) {

  /** NULL placement as written in the ORDER BY. */
  public enum Nulls {
    DEFAULT,
    FIRST,
    LAST
  }

  @Override
  public String toString() {
    return (column > 0 ? "#" + column : "#last" + (column == -1 ? "" : String.valueOf(column + 1)))
        + (descending ? " DESC" : " ASC")
        + (nulls == Nulls.DEFAULT ? "" : " NULLS " + nulls);
  }
}
