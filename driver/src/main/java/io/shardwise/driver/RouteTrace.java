package io.shardwise.driver;

import io.shardwise.router.route.RoutePlan;
import java.util.List;

/**
 * Where one statement went.
 *
 * @param sql the statement's SQL text
 * @param plan the router's decision: shards, role and why
 * @param nodes the nodes that served it, e.g. {@code s2/replica-0}
 */
public record RouteTrace(String sql, RoutePlan plan, List<String> nodes) {

  @Override
  public String toString() {
    return plan
        + " served by "
        + nodes
        + " ("
        + plan.placement().description()
        + "; "
        + plan.roleReason().description()
        + ")";
  }
}
