package io.shardwise.driver;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.node.NodeHealth;
import io.shardwise.driver.node.NodeStats;

/**
 * One node's counters and health at one moment.
 *
 * @param id the node's identity, {@code s1/replica-0}
 * @param shard its shard
 * @param role {@code primary} or {@code replica}
 * @param url its JDBC URL with every secret masked ({@code password=***})
 * @param state {@code UNKNOWN} before the first probe, then {@code UP} or {@code DOWN}
 * @param eligible whether a read may go to it now (replicas; a primary is eligible when not down)
 * @param lagMillis replica lag in milliseconds; 0 when caught up, -1 when not replicating or down
 * @param behind how far behind in the dialect's unit (WAL bytes, GTID transactions); -1 unknown
 * @param position its last probed position ({@code 0/3000148}, {@code 0-23316-11}); null if none
 * @param reason why it is down, not replicating or excluded; null when nothing is wrong
 * @param routed statements routed to it
 * @param errors statements and connection attempts that failed on it
 * @param ejections times the monitor ejected it
 * @param fallbacks reads served by it, a primary, because no replica of its shard was eligible
 * @param outstanding physical connections to it in use now
 */
public record NodeMetrics(
    String id,
    String shard,
    String role,
    String url,
    String state,
    boolean eligible,
    long lagMillis,
    long behind,
    String position,
    String reason,
    long routed,
    long errors,
    long ejections,
    long fallbacks,
    int outstanding) {

  /** A snapshot of {@code node}, judged against {@code maxLagMillis} (-1 for no limit). */
  public static NodeMetrics of(Node node, long maxLagMillis) {
    NodeStats stats = node.stats();
    NodeHealth health = stats.health();
    boolean replica = node.role() == io.shardwise.router.route.NodeRole.REPLICA;
    boolean eligible =
        replica ? health.eligible(maxLagMillis) : health.state() != NodeHealth.State.DOWN;
    String reason = replica && !eligible ? health.exclusion(maxLagMillis) : health.reason();
    return new NodeMetrics(
        node.id(),
        node.shard(),
        replica ? "replica" : "primary",
        node.spec().maskedUrl(),
        health.state().name(),
        eligible,
        health.lagMillis(),
        health.behind(),
        health.position() == null ? null : health.position().toString(),
        reason,
        stats.routedCount(),
        stats.errorCount(),
        stats.ejectionCount(),
        stats.fallbackCount(),
        stats.outstanding());
  }
}
