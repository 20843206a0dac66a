package io.shardwise.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds the partial groups that several shards return for one group key into one row. The merge
 * holds one row per group, so memory grows with the number of groups, not of rows.
 *
 * @param columns how each shard column (visible and hidden) is folded
 * @param having the HAVING condition evaluated on the folded row, or null
 */
public record Grouping(List<ColumnMerge> columns, RowCondition having) {

  public Grouping {
    columns = List.copyOf(columns);
  }

  /** The 0-based positions of the group-key columns. */
  public int[] keyColumns() {
    return java.util.stream.IntStream.range(0, columns.size())
        .filter(i -> columns.get(i).kind() == ColumnMerge.Kind.KEY)
        .toArray();
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      parts.add("#" + (i + 1) + " " + columns.get(i));
    }
    return "group the shards' rows by their key columns and fold "
        + parts
        + (having == null ? "" : "; then keep groups where " + having);
  }
}
