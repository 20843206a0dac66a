package io.shardwise.example.spring;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Two shards, each a primary and replicas, for the example application's tests: in-memory H2 or the
 * real PostgreSQL / MariaDB topology, in a schema or database of the example's own. Knows what
 * {@code example.served-by} answers on each node and opens direct connections to check where rows
 * landed.
 */
abstract class ExampleShards implements AutoCloseable {

  static final List<String> SHARDS = List.of("s1", "s2");

  /** The tables of the example application. */
  static final String TABLES =
      """
      tables:
        accounts: { shardKey: account_id, group: accounts }
        entries:  { shardKey: account_id, group: accounts }
      defaultShard: s1
      """;

  private HashRing ring;

  /** The shard map file. */
  abstract Path map();

  /** The {@code jdbc:shardwise:} URL of the map. */
  String url() {
    return "jdbc:shardwise:" + map();
  }

  /** The SQL expression that tells which node ran a query (a port, or an H2 login). */
  abstract String servedByExpression();

  /** What {@link #servedByExpression()} answers on shard {@code shard}'s primary. */
  abstract String primaryServer(String shard);

  /** What it answers on each of shard {@code shard}'s replicas. */
  abstract Set<String> replicaServers(String shard);

  /** A direct connection to a node ({@code replica} 0 is the primary), bypassing shardwise. */
  abstract Connection direct(String shard, int replica) throws SQLException;

  abstract int replicaCount();

  /** The JDBC URL, user and password of shard s1's primary, for the same app without shardwise. */
  abstract String[] directPrimary();

  /**
   * Physical connections the example's processes hold on all nodes now (pool connections and health
   * probes), counted from the servers' side.
   */
  abstract int physicalConnections() throws SQLException;

  @Override
  public abstract void close() throws SQLException, java.io.IOException;

  String owner(long key) throws SQLException {
    if (ring == null) {
      ShardMap loaded = ShardMapLoader.load(map());
      ring = HashRing.of(loaded.ring(), loaded.shards());
    }
    return ring.shardFor(key);
  }

  /** {@code count} keys, from 1 up, that shard {@code shard} owns. */
  List<Long> keysOn(String shard, int count) throws SQLException {
    List<Long> keys = new ArrayList<>();
    for (long key = 1; keys.size() < count; key++) {
      if (owner(key).equals(shard)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The first long of {@code sql} with one parameter, run directly on a node. */
  long queryLong(String shard, int replica, String sql, Object parameter) throws SQLException {
    try (Connection c = direct(shard, replica);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Rows of account {@code key} on a node, or -1 when the table is not there (yet). */
  long accountRowsOn(String shard, int replica, long key) {
    try {
      return queryLong(shard, replica, "SELECT COUNT(*) FROM accounts WHERE account_id = ?", key);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Entries of account {@code key} on a node, or -1 when the table is not there (yet). */
  long entryRowsOn(String shard, int replica, long key) {
    try {
      return queryLong(shard, replica, "SELECT COUNT(*) FROM entries WHERE account_id = ?", key);
    } catch (SQLException e) {
      return -1;
    }
  }
}
