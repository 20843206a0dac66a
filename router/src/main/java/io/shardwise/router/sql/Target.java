package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.route.RoutePlan.PlacementReason;

/** Which shards a statement template needs, before parameter values are known. */
public sealed interface Target
    permits Target.ByKey, Target.DefaultShard, Target.EveryShard, Target.Refused {

  /** One shard, picked by the shard-key value of {@code table}. */
  record ByKey(TableRule table, KeyValue key) implements Target {}

  /** The default shard. */
  record DefaultShard(PlacementReason reason) implements Target {}

  /** Every shard. */
  record EveryShard(PlacementReason reason) implements Target {}

  /** Not routable: every execution fails with this code and message. */
  record Refused(ErrorCode code, String message) implements Target {}
}
