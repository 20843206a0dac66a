package io.shardwise.driver.health;

import io.shardwise.driver.replication.GtidPosition;
import io.shardwise.driver.replication.ReplicationPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * MariaDB (and MySQL URLs) with GTID replication. A replica replicates when {@code SHOW SLAVE
 * STATUS} has a row with both threads running and a non-NULL {@code Seconds_Behind_Master}. Its lag
 * is 0 when its {@code @@gtid_slave_pos} has reached the primary's last probed
 * {@code @@gtid_binlog_pos} in every domain, else {@code Seconds_Behind_Master} in milliseconds.
 */
final class MariaDbReplication implements ReplicationProbe {

  static final MariaDbReplication INSTANCE = new MariaDbReplication();

  @Override
  public String name() {
    return "mariadb";
  }

  @Override
  public void timeouts(Properties properties, Duration timeout) {
    String millis = Long.toString(Math.max(1, timeout.toMillis()));
    properties.setProperty("connectTimeout", millis);
    properties.setProperty("socketTimeout", millis);
  }

  @Override
  public ReplicationPosition currentPosition(Connection primary) throws SQLException {
    return gtid(primary, "SELECT @@gtid_binlog_pos");
  }

  private static GtidPosition gtid(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return GtidPosition.parse(rs.getString(1));
    }
  }

  @Override
  public ReplicaReading readReplica(Connection replica) throws SQLException {
    String io;
    String sql;
    String behind;
    try (Statement statement = replica.createStatement();
        ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
      if (!rs.next()) {
        return ReplicaReading.notReplicating("SHOW SLAVE STATUS is empty: it is not a replica");
      }
      io = rs.getString("Slave_IO_Running");
      sql = rs.getString("Slave_SQL_Running");
      behind = rs.getString("Seconds_Behind_Master");
    }
    if ("Yes".equalsIgnoreCase(sql) && !"Yes".equalsIgnoreCase(io)) {
      // The primary is unreachable (the IO thread reconnects) but everything received is applied:
      // the replica is as fresh as its primary's last known position, if it has replayed it.
      GtidPosition replayed = gtid(replica, "SELECT @@gtid_slave_pos");
      return new ReplicaReading(null, replayed, null, -1, -1, "Slave_IO_Running=" + io);
    }
    if (behind == null || !"Yes".equalsIgnoreCase(io) || !"Yes".equalsIgnoreCase(sql)) {
      return ReplicaReading.notReplicating(
          "Slave_IO_Running="
              + io
              + ", Slave_SQL_Running="
              + sql
              + ", Seconds_Behind_Master="
              + behind);
    }
    GtidPosition replayed = gtid(replica, "SELECT @@gtid_slave_pos");
    return new ReplicaReading(null, replayed, null, -1, Long.parseLong(behind.trim()), null);
  }

  @Override
  public long behind(ReplicaReading reading, ReplicationPosition primary) {
    if (reading.replayed() == null) {
      return 0;
    }
    return primary == null ? -1 : reading.replayed().distanceTo(primary);
  }

  @Override
  public long lagMillis(
      ReplicaReading reading, long behind, long behindForMillis, long intervalMillis) {
    if (behind == 0) {
      return 0;
    }
    if (reading.secondsBehind() < 0) {
      return -1; // cut off from its primary and behind its last known position: not eligible
    }
    return reading.secondsBehind() * 1000;
  }

  @Override
  public boolean awaitReplayed(Connection replica, ReplicationPosition position, Duration timeout)
      throws SQLException {
    try (PreparedStatement statement = replica.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?)")) {
      statement.setString(1, position.toString());
      statement.setDouble(2, Math.max(0, timeout.toMillis()) / 1000.0);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 0;
      }
    }
  }
}
