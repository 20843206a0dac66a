package io.shardwise.driver.merge;

import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.merge.RowLimit;
import io.shardwise.router.route.ParameterValues;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Builds the row pipeline a {@link MergePlan} describes over the shards' result sets. */
public final class MergePipeline {

  private MergePipeline() {}

  /**
   * The merged result of {@code shardResults}, which the plan's shard SQL produced.
   *
   * @param maxRows the statement's maxRows, applied after the merge; 0 for no cap
   * @param onClose gives back the shards' statements and connections
   */
  public static MergedResultSet open(
      MergePlan plan,
      List<ResultSet> shardResults,
      NullSorting nulls,
      ParameterValues parameters,
      long maxRows,
      java.sql.Statement owner,
      MergedResultSet.OnClose onClose)
      throws SQLException {
    ResultSetMetaData metaData = shardResults.get(0).getMetaData();
    int columns = metaData.getColumnCount();
    RowOrder order = plan.order().isEmpty() ? null : new RowOrder(plan.order(), nulls, columns);
    List<RowStream> sources = new ArrayList<>(shardResults.size());
    // One shard's rows are already in the order asked for: nothing to compare, no keys to read.
    boolean merging = shardResults.size() > 1 && order != null;
    int[] keyColumns = merging ? order.columns() : new int[0];
    for (ResultSet resultSet : shardResults) {
      // Grouping folds copies of the rows; any other merge hands out the shards' rows in place.
      sources.add(
          plan.grouping() != null
              ? ShardRows.copied(resultSet, columns)
              : ShardRows.inPlace(resultSet, columns, keyColumns));
    }
    RowStream rows;
    if (plan.grouping() != null) {
      int[] types = new int[columns];
      int[] scales = new int[columns];
      for (int i = 0; i < columns; i++) {
        types[i] = metaData.getColumnType(i + 1);
        scales[i] = metaData.getScale(i + 1);
      }
      rows = new GroupRows(new ConcatRows(sources), plan.grouping(), order, types, scales);
    } else if (merging) {
      rows = new SortedMergeRows(sources, order);
    } else {
      rows = new ConcatRows(sources);
    }
    RowLimit limit = plan.limit();
    if (limit != null) {
      IntFunction<Object> bound = i -> parameters.isSet(i) ? parameters.value(i) : null;
      rows = new LimitRows(rows, limit.offset(bound), limit.count(bound));
    }
    if (maxRows > 0) {
      rows = new LimitRows(rows, 0, maxRows);
    }
    int visible = columns - plan.hiddenColumns();
    return new MergedResultSet(owner, rows, new MergedMetaData(metaData, visible), onClose);
  }
}
