package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.route.RoutePlan.PlacementReason;

/** Which shards a statement template needs, before parameter values are known. */
public sealed interface Target
    permits Target.ByKey,
        Target.DefaultShard,
        Target.EveryShard,
        Target.PreviousShard,
        Target.Transaction,
        Target.Refused {

  /** One shard, picked by the shard-key value of {@code table}. */
  record ByKey(TableRule table, KeyValue key) implements Target {}

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
