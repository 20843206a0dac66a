package io.shardwise.router.route;

import io.shardwise.router.Router;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.PoolSettings;
import io.shardwise.router.config.ReadRouting;
import io.shardwise.router.config.RingSettings;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.ring.HashRing;
import java.util.List;
import java.util.Map;

/** A three-shard map with a table group, a broadcast table and unsharded tables. */
final class TestMaps {

  private TestMaps() {}

  static ShardMap threeShards(UnanalysablePolicy policy) {
    List<ShardSpec> shards = List.of(shard("s1"), shard("s2"), shard("s3"));
    Map<String, TableRule> tables =
        Map.of(
            "users", TableRule.sharded("users", "user_id", "accounts"),
            "orders", TableRule.sharded("orders", "user_id", "accounts"),
            "countries", TableRule.broadcast("countries"));
    return new ShardMap(
        1,
        RingSettings.defaults(),
        shards,
        tables,
        "s1",
        ReadRouting.defaults(),
        PoolSettings.defaults(),
        policy);
  }

  static Router router(UnanalysablePolicy policy) {
    ShardMap map = threeShards(policy);
    return new Router(map, HashRing.of(map.ring(), map.shards()));
  }

  /** The three-shard map plus {@code events}, sharded by user_id in a group of its own. */
  static Router routerWithSecondGroup() {
    ShardMap base = threeShards(UnanalysablePolicy.REFUSE);
    Map<String, TableRule> tables = new java.util.HashMap<>(base.tables());
    tables.put("events", TableRule.sharded("events", "user_id", "telemetry"));
    ShardMap map =
        new ShardMap(
            1,
            base.ring(),
            base.shards(),
            tables,
            "s1",
            base.reads(),
            base.pool(),
            base.unanalysable());
    return new Router(map, HashRing.of(map.ring(), map.shards()));
  }

  private static ShardSpec shard(String name) {
    NodeSpec primary = new NodeSpec("jdbc:h2:mem:" + name, "sa", "secret", 1);
    NodeSpec replica = new NodeSpec("jdbc:h2:mem:" + name + "r", "sa", "secret", 1);
    return new ShardSpec(name, 1, primary, List.of(replica));
  }
}
