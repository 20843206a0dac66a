package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PgRoutingContractTest extends RoutingContractTest {

  PgRoutingContractTest() {
    super(Engine.PG);
  }

  @Override
  String sessionVariableSet() {
    return "SET application_name = 'pinned'";
  }

  @Override
  String sessionVariableRead() {
    return "current_setting('application_name')";
  }

  @Override
  String unanalysableRead() {
    return "SELECT inet_server_port(); SELECT 1";
  }

  @Override
  String dropProcedure() {
    return "DROP PROCEDURE IF EXISTS contract_port";
  }

  @Override
  String createProcedure() {
    return "CREATE PROCEDURE contract_port(INOUT port int) LANGUAGE plpgsql"
        + " AS $$ BEGIN port := inet_server_port(); END $$";
  }

  @Override
  String callProcedure() {
    return "CALL contract_port(NULL)";
  }

  @Test
  void sequence_nextvalGoesToThePrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SEQUENCE IF EXISTS contract_ids");
      s.execute("CREATE SEQUENCE contract_ids");
      try (ResultSet rs = s.executeQuery("SELECT inet_server_port(), nextval('contract_ids')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
        assertThat(rs.getLong(2)).isEqualTo(1);
      }
    }
  }

  @Test
  void selectForShare_goesToThePrimary() throws Exception {
    try (Connection c = connect()) {
      assertThat(
              port(c, "SELECT inet_server_port() FROM contract_items WHERE id = ? FOR SHARE", 12L))
          .isEqualTo(primaryPort(owner(12)));
    }
  }

  @Test
  void lockTable_runsOnThePrimaryInsideTheTransaction() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE contract_items IN SHARE MODE");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT inet_server_port(), COUNT(*) FROM pg_locks"
                  + " WHERE relation = 'contract_items'::regclass AND mode = 'ShareLock'"
                  + " AND pid = pg_backend_pid()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
        assertThat(rs.getInt(2)).as("the lock is held by this transaction's session").isEqualTo(1);
      }
      c.rollback();
    }
  }

  @Test
  void currval_runsOnThePreviousStatementsConnection_insideATransaction() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SEQUENCE IF EXISTS contract_seq");
      s.execute("CREATE SEQUENCE contract_seq");
      c.setAutoCommit(false);
      long next;
      try (ResultSet rs = s.executeQuery("SELECT nextval('contract_seq')")) {
        rs.next();
        next = rs.getLong(1);
      }
      try (ResultSet rs = s.executeQuery("SELECT currval('contract_seq'), inet_server_port()")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(next);
        assertThat(rs.getInt(2)).isEqualTo(primaryPort("s1"));
      }
      c.commit();
    }
  }
}
