package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MariaDbRoutingContractTest extends RoutingContractTest {

  MariaDbRoutingContractTest() {
    super(Engine.MARIADB);
  }

  @Override
  String sessionVariableSet() {
    return "SET @contract_v = 'pinned'";
  }

  @Override
  String sessionVariableRead() {
    return "@contract_v";
  }

  @Override
  String unanalysableRead() {
    return "SELECT @@port FROM DUAL LOCK IN SHARE MODE";
  }

  @Override
  String dropProcedure() {
    return "DROP PROCEDURE IF EXISTS contract_port";
  }

  @Override
  String createProcedure() {
    return "CREATE PROCEDURE contract_port() SELECT @@port";
  }

  @Override
  String callProcedure() {
    return "CALL contract_port()";
  }

  @Test
  void lastInsertId_runsOnThePreviousStatementsConnection_insideATransaction() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS contract_log");
      s.execute(
          "CREATE TABLE contract_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20))");
      assertThatThrownBy(() -> s.executeQuery("SELECT LAST_INSERT_ID()"))
          .hasFieldOrPropertyWithValue("SQLState", "SW001")
          .hasMessageContaining("getGeneratedKeys()");
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO contract_log (note) VALUES ('a')");
      try (ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID(), @@port")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isPositive();
        assertThat(rs.getInt(2)).isEqualTo(primaryPort("s1"));
      }
      c.commit();
    }
  }

  @Test
  void lockTables_pinsTheConnectionToThePrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("LOCK TABLES contract_items READ");
      assertThat(readPort(c, 13)).isEqualTo(primaryPort(owner(13)));
      s.execute("UNLOCK TABLES");
    }
  }
}
