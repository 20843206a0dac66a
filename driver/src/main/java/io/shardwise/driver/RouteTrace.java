package io.shardwise.driver;

import io.shardwise.router.route.Destination;
import io.shardwise.router.route.NodeRole;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.RoutePlan.RoleReason;
import java.util.List;

/**
 * Where one statement went.
 *
 * @param sql the statement's SQL text
 * @param destination the shard(s) it went to, e.g. {@code Shard(s2)}
 * @param role which node of each shard it needed
 * @param placement why these shards
 * @param roleReason why this role
 * @param nodes the nodes that served it, e.g. {@code s2/replica-0}
 */
public record RouteTrace(
    String sql,
    Destination destination,
    NodeRole role,
    PlacementReason placement,
    RoleReason roleReason,
    List<String> nodes) {

  /** The router's decision in short: {@code Shard(s2) on REPLICA}. */
  public String route() {
    return destination + " on " + role;
  }

  @Override
  public String toString() {
    return route()
        + " served by "
        + nodes
        + " ("
        + placement.description()
        + "; "
        + roleReason.description()
        + ")";
  }
}
