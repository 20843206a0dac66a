package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The logical connection: transactions, read-only transactions, life cycle and metadata. Each
 * node's pool holds one connection, so a physical connection not given back makes the next
 * statement on that node time out.
 */
class LogicalConnectionTest {

  private static H2Shards shards;
  private static H2Shards.TwoKeys two;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("connection", 2, H2Shards.ONE_CONNECTION_POOLS);
    two = shards.twoKeys();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @BeforeEach
  void rows() throws Exception {
    shards.executeEverywhere("DELETE FROM users");
    shards.execute("s1", "DELETE FROM notes");
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + two.onA() + ", 'a')");
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + two.onB() + ", 'b')");
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(shards.url());
  }

  private static String servedBy(Connection c, long userId) throws SQLException {
    try (PreparedStatement read =
        c.prepareStatement("SELECT CURRENT_USER FROM users WHERE user_id = ?")) {
      read.setLong(1, userId);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).as("row %d", userId).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static void insertUser(Connection c, long userId, String name) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO users (user_id, name) VALUES (?, ?)")) {
      insert.setLong(1, userId);
      insert.setString(2, name);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  private static long rowsOf(long userId) throws SQLException {
    return shards.queryTotal("SELECT COUNT(*) FROM users WHERE user_id = " + userId);
  }

  private static ShardwiseConnection shardwise(Connection c) throws SQLException {
    return c.unwrap(ShardwiseConnection.class);
  }

  // ---- routing by transaction state ----------------------------------------------------------

  @Test
  void autocommitRead_readsFromReplica() throws Exception {
    try (Connection c = connect()) {
      assertThat(shardwise(c).lastRoute()).as("before the first statement").isNull();
      assertThat(servedBy(c, two.onA())).isEqualTo("REPLICA");
      assertThat(shardwise(c).lastRoute().nodes()).containsExactly(two.shardA() + "/replica-0");
    }
  }

  @Test
  void readWriteTransaction_readsFromPrimary() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      assertThat(servedBy(c, two.onA())).isEqualTo("SA");
      assertThat(servedBy(c, two.onB())).isEqualTo("SA");
      assertThat(shardwise(c).lastRoute().nodes()).containsExactly(two.shardB() + "/primary");
      c.commit();
    }
  }

  @Test
  void readOnlyTransaction_readsFromReplica() throws Exception {
    try (Connection c = connect()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      assertThat(c.isReadOnly()).isTrue();
      assertThat(servedBy(c, two.onA())).isEqualTo("REPLICA");
      RouteTrace trace = shardwise(c).lastRoute();
      assertThat(trace.role()).isEqualTo(NodeRole.REPLICA);
      assertThat(trace.nodes()).containsExactly(two.shardA() + "/replica-0");
      // the transaction keeps its replica connection on shard A and adds one on shard B
      assertThat(servedBy(c, two.onA())).isEqualTo("REPLICA");
      assertThat(servedBy(c, two.onB())).isEqualTo("REPLICA");
      c.commit();
      c.setReadOnly(false);
      assertThat(servedBy(c, two.onA())).isEqualTo("SA");
      c.commit();
    }
  }

  @Test
  void setReadOnly_afterAStatementRanInTheTransaction_isRefused() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      c.setReadOnly(true); // nothing ran yet: allowed
      c.setReadOnly(false);
      servedBy(c, two.onA());
      assertThatThrownBy(() -> c.setReadOnly(true))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("inside a transaction")
          .hasFieldOrPropertyWithValue("SQLState", "25001");
      assertThat(c.isReadOnly()).isFalse();
      assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
          .hasFieldOrPropertyWithValue("SQLState", "25001");
      c.rollback();
      c.setReadOnly(true); // the transaction ended: allowed again
      assertThat(c.isReadOnly()).isTrue();
    }
  }

  @Test
  void writeAfterAReadInAReadOnlyTransaction_isRefusedAndWritesNothing() throws Exception {
    try (Connection c = connect()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      servedBy(c, two.onA());
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .executeUpdate("UPDATE users SET name = 'x' WHERE user_id = " + two.onA()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("transaction is read-only")
          .hasFieldOrPropertyWithValue("SQLState", "25006");
      c.rollback();
    }
    assertThat(shards.queryLong(two.shardA(), "SELECT COUNT(*) FROM users WHERE name = 'x'"))
        .isZero();
  }

  @Test
  void primaryReadJoiningAReadOnlyTransactionPinnedToAReplica_isRefused() throws Exception {
    try (Connection c = connect()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      servedBy(c, two.onA());
      shardwise(c).setForcePrimary(true);
      assertThatThrownBy(() -> servedBy(c, two.onA()))
          .hasMessageContaining("runs on " + two.shardA() + "/replica-0")
          .hasFieldOrPropertyWithValue("SQLState", "25006");
      // a shard the transaction has not touched yet is read from its primary
      assertThat(servedBy(c, two.onB())).isEqualTo("SA");
      c.commit();
    }
  }

  @Test
  void writeAsFirstStatementOfAReadOnlyTransaction_isRefusedAndWritesNothing() throws Exception {
    try (Connection c = connect()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      assertThatThrownBy(() -> insertUser(c, 1_000_001L, "ro"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("transaction is read-only")
          .hasMessageContaining("writes go to the primary")
          .hasFieldOrPropertyWithValue("SQLState", "25006");
      // and on another shard than the one a read already pinned
      servedBy(c, two.onA());
      assertThatThrownBy(
              () ->
                  c.createStatement()
                      .executeUpdate("DELETE FROM users WHERE user_id = " + two.onB()))
          .hasFieldOrPropertyWithValue("SQLState", "25006");
      c.commit();
    }
    assertThat(rowsOf(1_000_001L)).isZero();
    assertThat(rowsOf(two.onB())).isEqualTo(1);
  }

  // ---- commit, rollback, close ---------------------------------------------------------------

  @Test
  void commitOrRollbackInAutocommit_isRefused() throws Exception {
    try (Connection c = connect()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThatThrownBy(c::commit)
          .hasMessageContaining("autocommit is on")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(c::rollback)
          .hasMessageContaining("autocommit is on")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
    }
  }

  @Test
  void transaction_isInvisibleUntilCommitThenOnEveryShardItTouched() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      insertUser(c, two.onA() + 1_000_000, "t");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE users SET name = 'changed' WHERE user_id = " + two.onB());
      }
      assertThat(rowsOf(two.onA() + 1_000_000)).isZero();
      assertThat(
              shards.queryLong(two.shardB(), "SELECT COUNT(*) FROM users WHERE name = 'changed'"))
          .isZero();
      c.commit();
    }
    assertThat(rowsOf(two.onA() + 1_000_000)).isEqualTo(1);
    assertThat(shards.queryLong(two.shardB(), "SELECT COUNT(*) FROM users WHERE name = 'changed'"))
        .isEqualTo(1);
  }

  @Test
  void rollback_discardsTheWritesOfEveryShard() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM users WHERE user_id = " + two.onA());
        s.executeUpdate("DELETE FROM users WHERE user_id = " + two.onB());
      }
      c.rollback();
      // the connection goes on with a new transaction on the same pools
      insertUser(c, 1_000_002L, "after rollback");
      c.commit();
    }
    assertThat(rowsOf(two.onA())).isEqualTo(1);
    assertThat(rowsOf(two.onB())).isEqualTo(1);
    assertThat(rowsOf(1_000_002L)).isEqualTo(1);
  }

  @Test
  void close_withAnOpenTransaction_rollsItBackAndGivesTheConnectionsBack() throws Exception {
    Connection c = connect();
    c.setAutoCommit(false);
    insertUser(c, 1_000_003L, "never committed");
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO notes (id, body) VALUES (1, 'never committed')");
    }
    c.close();
    assertThat(rowsOf(1_000_003L)).isZero();
    assertThat(shards.queryLong("s1", "SELECT COUNT(*) FROM notes")).isZero();
    // the primaries' only connections are back in their pools
    try (Connection next = connect()) {
      insertUser(next, 1_000_003L, "committed");
      try (Statement s = next.createStatement()) {
        s.executeUpdate("INSERT INTO notes (id, body) VALUES (1, 'committed')");
      }
    }
    assertThat(rowsOf(1_000_003L)).isEqualTo(1);
  }

  @Test
  void setAutoCommitTrue_commitsTheOpenTransaction() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      insertUser(c, 1_000_004L, "committed by setAutoCommit");
      c.setAutoCommit(false); // no change: no commit
      assertThat(rowsOf(1_000_004L)).isZero();
      c.setAutoCommit(true);
      assertThat(rowsOf(1_000_004L)).isEqualTo(1);
      assertThat(c.getAutoCommit()).isTrue();
      // autocommit again: reads go back to replicas
      assertThat(servedBy(c, two.onA())).isEqualTo("REPLICA");
    }
  }

  // ---- life cycle ----------------------------------------------------------------------------

  @Test
  void isValid_whileOpenOnly() throws Exception {
    Connection c = connect();
    assertThat(c.isValid(0)).isTrue();
    assertThat(c.isValid(5)).isTrue();
    assertThatThrownBy(() -> c.isValid(-1)).hasFieldOrPropertyWithValue("SQLState", "SW010");
    c.close();
    assertThat(c.isValid(0)).isFalse();
  }

  @Test
  void abort_closesTheConnectionAndRollsBack() throws Exception {
    Connection c = connect();
    assertThatThrownBy(() -> c.abort(null)).hasFieldOrPropertyWithValue("SQLState", "SW010");
    assertThat(c.isClosed()).isFalse();
    c.setAutoCommit(false);
    insertUser(c, 1_000_005L, "aborted");
    c.abort(Runnable::run);
    assertThat(c.isClosed()).isTrue();
    assertThat(rowsOf(1_000_005L)).isZero();
  }

  @Test
  void closedConnection_refusesEverythingAndClosesItsStatements() throws Exception {
    Connection c = connect();
    Statement statement = c.createStatement();
    PreparedStatement prepared = c.prepareStatement("SELECT name FROM users WHERE user_id = ?");
    prepared.setLong(1, two.onA());
    ResultSet open = prepared.executeQuery();
    assertThat(c.isClosed()).isFalse();
    c.close();
    c.close(); // a second close does nothing
    assertThat(c.isClosed()).isTrue();
    assertThat(statement.isClosed()).isTrue();
    assertThat(prepared.isClosed()).isTrue();
    assertThat(open.isClosed()).isTrue();
    assertThatThrownBy(c::createStatement)
        .hasMessageContaining("closed")
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThatThrownBy(() -> c.prepareStatement("SELECT 1"))
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThatThrownBy(() -> c.setAutoCommit(false))
        .hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThatThrownBy(c::getMetaData).hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
    // the replica connection the open result set held went back to its pool
    try (Connection next = connect()) {
      assertThat(servedBy(next, two.onA())).isEqualTo("REPLICA");
    }
  }

  @Test
  void unwrap_givesTheShardwiseConnection() throws Exception {
    try (Connection c = connect()) {
      assertThat(c.isWrapperFor(ShardwiseConnection.class)).isTrue();
      ShardwiseConnection shardwise = c.unwrap(ShardwiseConnection.class);
      assertThat(shardwise).isSameAs(c);
      assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isFalse();
      assertThatThrownBy(() -> c.unwrap(org.h2.jdbc.JdbcConnection.class))
          .hasMessageContaining("does not wrap org.h2.jdbc.JdbcConnection")
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
    }
  }

  @Test
  void unsupportedFeatures_areRefusedWithSw001() throws Exception {
    try (Connection c = connect()) {
      assertThatThrownBy(c::setSavepoint).hasFieldOrPropertyWithValue("SQLState", "SW001");
      assertThatThrownBy(() -> c.prepareCall("CALL x()"))
          .hasFieldOrPropertyWithValue("SQLState", "SW001");
      assertThatThrownBy(() -> c.setSchema("OTHER"))
          .hasFieldOrPropertyWithValue("SQLState", "SW001");
    }
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void metaData_answersFromTheDefaultShardAndNamesTheLogicalConnection() throws Exception {
    try (Connection c = connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE meta_probe (id INT PRIMARY KEY)"); // unsharded: lives on s1
      }
      shards.execute("s2", "CREATE TABLE IF NOT EXISTS only_on_s2 (id INT)");
      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta.getConnection()).isSameAs(c);
      assertThat(meta.getURL()).isEqualTo(shards.url());
      assertThat(meta.getUserName()).isEqualTo("SA");
      assertThat(tables(meta, "META_PROBE")).containsExactly("META_PROBE");
      assertThat(tables(meta, "USERS")).containsExactly("USERS");
      assertThat(tables(meta, "ONLY_ON_S2")).as("s2 is not the default shard").isEmpty();
      assertThat(meta.getDatabaseProductName()).isEqualTo("H2");
      assertThat(c.getTransactionIsolation()).isEqualTo(meta.getDefaultTransactionIsolation());
    }
    // the metadata's physical connection went back to s1's pool with the logical connection
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE meta_probe");
    }
  }

  private static java.util.List<String> tables(DatabaseMetaData meta, String name)
      throws SQLException {
    java.util.List<String> names = new java.util.ArrayList<>();
    try (ResultSet rs = meta.getTables(null, "PUBLIC", name, new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }
}
