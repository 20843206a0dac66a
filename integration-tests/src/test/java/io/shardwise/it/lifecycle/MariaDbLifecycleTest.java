package io.shardwise.it.lifecycle;

import io.shardwise.it.topology.Engine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class MariaDbLifecycleTest extends LifecycleContractTest {

  private static final String DATABASE = "core7_lifecycle";

  MariaDbLifecycleTest() {
    super(Engine.MARIADB);
  }

  @Override
  String ownUrl(String url) {
    return url.substring(0, url.lastIndexOf('/') + 1) + DATABASE;
  }

  @Override
  void recreate(Statement primary) throws SQLException {
    primary.execute("DROP DATABASE IF EXISTS " + DATABASE);
    primary.execute("CREATE DATABASE " + DATABASE);
  }

  @Override
  String sessionQuery() {
    return "SELECT CONNECTION_ID(), @@tx_read_only, @@tx_isolation, @@port";
  }

  @Override
  String defaultIsolation() {
    return "REPEATABLE READ";
  }

  @Override
  long sessions(Statement direct) throws SQLException {
    try (ResultSet rs =
        direct.executeQuery(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + DATABASE + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** MariaDB Connector/J keeps read-only on the client unless assureReadOnly is set. */
  @Override
  void assertReadOnlyOnTheServer(Session session) {}
}
