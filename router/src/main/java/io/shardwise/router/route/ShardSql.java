package io.shardwise.router.route;

import java.util.Arrays;

/**
 * The statement one shard runs when the router rewrote it for that shard (a multi-row INSERT split
 * per shard, an IN list pruned to the shard's values).
 *
 * @param shard the shard that runs it
 * @param sql the rewritten SQL; its {@code ?} are the application's parameters, never their values
 * @param parameters for each {@code ?} of {@code sql} in order, the index of the application's
 *     parameter bound there (1-based)
 */
public record ShardSql(String shard, String sql, int[] parameters) {

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardSql other
        && shard.equals(other.shard)
        && sql.equals(other.sql)
        && Arrays.equals(parameters, other.parameters);
  }

  @Override
  public int hashCode() {
    return shard.hashCode() * 31 + sql.hashCode();
  }

  @Override
  public String toString() {
    return shard + ": " + sql + (parameters.length == 0 ? "" : " " + Arrays.toString(parameters));
  }
}
