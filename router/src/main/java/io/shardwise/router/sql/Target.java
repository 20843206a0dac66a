package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.route.RoutePlan.PlacementReason;

/** Which shards a statement template needs, before parameter values are known. */
public sealed interface Target
    permits Target.ByKey,
        Target.ByKeys,
        Target.Scatter,
        Target.DefaultShard,
        Target.EveryShard,
        Target.PreviousShard,
        Target.Transaction,
        Target.Refused {

  /** One shard, picked by the shard-key value of {@code table}. */
  record ByKey(TableRule table, KeyValue key) implements Target {}

  /**
   * The shards that own any of {@code keys} (an IN list, an OR of equalities). NULL values match no
   * row and pick no shard. When the values land on one shard the statement runs there unchanged;
   * otherwise as a scatter on those shards, recombined by {@code merge} (null for UPDATE/DELETE,
   * whose counts add up).
   */
  record ByKeys(TableRule table, java.util.List<KeyValue> keys, MergePlan merge) implements Target {
    public ByKeys {
      keys = java.util.List.copyOf(keys);
    }
  }

  /**
   * Every shard holds part of the answer: a SELECT recombined by {@code merge}, or an UPDATE/DELETE
   * (merge null) whose counts add up.
   */
  record Scatter(MergePlan merge) implements Target {}

  /** The default shard. */
  record DefaultShard(PlacementReason reason) implements Target {}

  /** Every shard. */
  record EveryShard(PlacementReason reason) implements Target {}

  /**
   * The shard the previous statement of the connection ran on: for statements that read what that
   * statement left in its session (LAST_INSERT_ID(), currval()).
   */
  record PreviousShard() implements Target {}

  /** Transaction control carried out by the driver itself, on no shard in particular. */
  record Transaction(TransactionAction action) implements Target {}

  /** Not routable: every execution fails with this code and message. */
  record Refused(ErrorCode code, String message) implements Target {}
}
