package io.shardwise.router.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * How a SELECT that spans shards is run and recombined: the SQL each shard receives and the steps
 * that turn the shards' rows into the single-database answer. Built once per SQL text by the
 * router; the driver's merge engine follows it.
 *
 * <p>The shard SQL keeps the application's select list in place and appends {@code hiddenColumns}
 * columns that only the merge needs (ORDER BY keys not selected, the SUM and COUNT behind an AVG,
 * aggregates named only in HAVING); the merged result hides them. Its {@code ?} parameters are the
 * application's, in the same order; only trailing ones may be dropped, so the driver binds
 * parameters {@code 1..boundParameters}.
 *
 * @param shardSql the statement each shard runs
 * @param boundParameters how many of the application's parameters the shard SQL uses
 * @param hiddenColumns trailing shard columns the application does not see
 * @param order the merge order; empty when the query has no ORDER BY
 * @param grouping how rows of one group from several shards are folded, or null when every shard
 *     row is a result row
 * @param limit the OFFSET and row count applied after the merge, or null
 */
public record MergePlan(
    String shardSql,
    int boundParameters,
    int hiddenColumns,
    List<SortKey> order,
    Grouping grouping,
    RowLimit limit) {

  public MergePlan {
    order = List.copyOf(order);
  }

  /** The merge steps in words, for {@code explain}. */
  public List<String> steps() {
    List<String> steps = new ArrayList<>();
    if (grouping == null) {
      steps.add(
          order.isEmpty()
              ? "concatenate the shards' rows (no ORDER BY: any order is correct)"
              : "streaming k-way merge of the shards' sorted rows on " + order);
    } else {
      steps.add(grouping.toString());
      if (!order.isEmpty()) {
        steps.add("sort the groups on " + order);
      }
    }
    if (limit != null) {
      steps.add(limit.toString());
    }
    if (hiddenColumns > 0) {
      steps.add("hide the last " + hiddenColumns + " column(s), added for the merge");
    }
    return steps;
  }
}
