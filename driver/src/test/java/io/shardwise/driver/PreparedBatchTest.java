package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A prepared statement's batch binds each entry on its shard's physical statement at {@code
 * addBatch}: rows land on their owning shards with counts in the caller's order, and the physical
 * connection the batch holds between {@code addBatch} and {@code executeBatch} goes back on every
 * path. Each node's pool holds one connection, so a connection not given back makes the next
 * statement on that node time out ({@link #assertEveryNodeIsFree}).
 */
class PreparedBatchTest {

  private static final String INSERT = "INSERT INTO users (user_id, name) VALUES (?, ?)";

  private static H2Shards shards;
  private static H2Shards.TwoKeys two;

  private Connection connection;

  @BeforeAll
  static void schema() throws Exception {
    shards = new H2Shards("prepared-batch", 2, H2Shards.ONE_CONNECTION_POOLS);
    two = shards.twoKeys();
    try (Connection c = DriverManager.getConnection(shards.url());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(40))");
      s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(40))");
    }
  }

  @AfterAll
  static void close() throws Exception {
    shards.close();
  }

  @BeforeEach
  void connect() throws Exception {
    shards.executeEverywhere("DELETE FROM users");
    shards.executeEverywhere("DELETE FROM countries");
    connection = DriverManager.getConnection(shards.url());
  }

  @AfterEach
  void disconnect() throws Exception {
    connection.close();
    assertEveryNodeIsFree();
  }

  /** A write on each shard through a new logical connection: each would time out behind a leak. */
  private static void assertEveryNodeIsFree() throws SQLException {
    try (Connection other = DriverManager.getConnection(shards.url());
        Statement s = other.createStatement()) {
      for (long key : new long[] {two.onA(), two.onB()}) {
        s.executeUpdate("UPDATE users SET name = name WHERE user_id = " + key);
      }
    }
  }

  private static void add(PreparedStatement insert, long key, String name) throws SQLException {
    insert.setLong(1, key);
    insert.setString(2, name);
    insert.addBatch();
  }

  private static long rowsOn(String shard) throws SQLException {
    return shards.queryLong(shard, "SELECT COUNT(*) FROM users");
  }

  @Test
  void autocommitBatch_landsEachRowOnItsShard_countsInTheCallersOrder() throws Exception {
    long[] counts;
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (long key = 1; key <= 40; key++) {
        add(insert, key, "row " + key);
      }
      counts = insert.executeLargeBatch();
      assertThat(insert.executeBatch()).as("the batch was emptied").isEmpty();
    }
    assertThat(counts).hasSize(40).containsOnly(1L);
    for (long key = 1; key <= 40; key++) {
      assertThat(
              shards.queryLong(
                  shards.shardFor(key), "SELECT COUNT(*) FROM users WHERE user_id = " + key))
          .as("row %d on its owning shard", key)
          .isEqualTo(1);
    }
    assertThat(rowsOn("s1") + rowsOn("s2")).isEqualTo(40);
    assertThat(rowsOn("s1")).isPositive();
    assertThat(rowsOn("s2")).isPositive();
    assertEveryNodeIsFree();
  }

  @Test
  void batchOfUpdatesAndBroadcastInserts_countsComeBackPerEntry() throws Exception {
    shards.execute(
        two.shardA(), "INSERT INTO users (user_id, name) VALUES (" + two.onA() + ", 'a')");
    int[] counts;
    try (PreparedStatement rename =
        connection.prepareStatement("UPDATE users SET name = ? WHERE user_id = ?")) {
      for (long key : new long[] {two.onB(), two.onA(), two.onB()}) {
        rename.setString(1, "renamed");
        rename.setLong(2, key);
        rename.addBatch();
      }
      counts = rename.executeBatch();
    }
    assertThat(counts).containsExactly(0, 1, 0);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
      insert.setString(1, "FR");
      insert.setString(2, "France");
      insert.addBatch();
      insert.setString(1, "DE");
      insert.setString(2, "Germany");
      insert.addBatch();
      counts = insert.executeBatch();
    }
    assertThat(counts).containsExactly(1, 1);
    for (String shard : shards.names()) {
      assertThat(shards.queryLong(shard, "SELECT COUNT(*) FROM countries")).as(shard).isEqualTo(2);
    }
  }

  @Test
  void clearBatchCloseAndConnectionClose_giveTheBatchsConnectionsBack() throws Exception {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "dropped");
      add(insert, two.onB(), "dropped");
      insert.clearBatch();
      assertEveryNodeIsFree();
      assertThat(insert.executeBatch()).isEmpty();
      add(insert, two.onA(), "dropped");
      add(insert, two.onB(), "dropped");
    }
    assertEveryNodeIsFree();
    PreparedStatement left = connection.prepareStatement(INSERT);
    add(left, two.onA(), "dropped");
    add(left, two.onB(), "dropped");
    connection.close();
    assertEveryNodeIsFree();
    assertThat(rowsOn("s1") + rowsOn("s2")).isZero();
  }

  @Test
  void abortEvictsTheBatchsConnections() throws Exception {
    PreparedStatement insert = connection.prepareStatement(INSERT);
    add(insert, two.onA(), "aborted");
    add(insert, two.onB(), "aborted");
    var executor = Executors.newSingleThreadExecutor();
    try {
      connection.abort(executor);
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertEveryNodeIsFree();
    assertThat(rowsOn("s1") + rowsOn("s2")).isZero();
  }

  @Test
  void endRequestGivesAnOpenBatchsConnectionsBack() throws Exception {
    PreparedStatement insert = connection.prepareStatement(INSERT);
    add(insert, two.onA(), "dropped");
    add(insert, two.onB(), "dropped");
    connection.endRequest();
    assertEveryNodeIsFree();
    assertThat(insert.executeBatch()).isEmpty();
  }

  @Test
  void errorMidBatch_givesCountsPerEntryAndNoLeak() throws Exception {
    shards.execute(
        two.shardB(), "INSERT INTO users (user_id, name) VALUES (" + two.onB() + ", 'b')");
    long freshOnA = two.onA() + 1;
    while (!shards.shardFor(freshOnA).equals(two.shardA())) {
      freshOnA++;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "new");
      add(insert, two.onB(), "duplicate");
      add(insert, freshOnA, "new");
      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, insert::executeBatch);
      assertThat(e.getMessage()).startsWith("[" + two.shardB() + "/primary] ");
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(e.getLargeUpdateCounts()).containsExactly(1L, Statement.EXECUTE_FAILED, 1L);
      assertThat(insert.executeBatch()).as("the batch was emptied").isEmpty();
    }
    assertEveryNodeIsFree();
    assertThat(rowsOn(two.shardA())).isEqualTo(2);
    assertThat(rowsOn(two.shardB())).isEqualTo(1);
  }

  @Test
  void errorMidBatchInATransaction_rollsBackEverything() throws Exception {
    shards.execute(
        two.shardB(), "INSERT INTO users (user_id, name) VALUES (" + two.onB() + ", 'b')");
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "new");
      add(insert, two.onB(), "duplicate");
      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, insert::executeBatch);
      assertThat(e.getLargeUpdateCounts()).containsExactly(1L, Statement.EXECUTE_FAILED);
    }
    connection.rollback();
    assertEveryNodeIsFree();
    assertThat(rowsOn(two.shardA())).isZero();
  }

  @Test
  void inATransaction_otherStatementsShareTheShardsConnectionWithTheOpenBatch() throws Exception {
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement read =
            connection.prepareStatement("SELECT COUNT(*) FROM users WHERE user_id = ?")) {
      add(insert, two.onA(), "a");
      read.setLong(1, two.onA()); // the same shard, whose pool has a single connection
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isZero();
      }
      add(insert, two.onB(), "b");
      add(insert, two.onA() + 1_000_000, "a");
      add(insert, two.onA() + 2_000_000, "a");
      // an entry added to a shard the batch already holds: the trace names that shard's node
      assertThat(connection.unwrap(ShardwiseConnection.class).lastRoute().nodes())
          .containsExactly(shards.shardFor(two.onA() + 2_000_000) + "/primary");
      assertThat(insert.executeBatch()).containsExactly(1, 1, 1, 1);
      try (ResultSet rs = read.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
    connection.commit();
    assertThat(rowsOn("s1") + rowsOn("s2")).isEqualTo(4);
  }

  @Test
  void transactionEndedBeforeExecuteBatch_theBatchIsRefusedNotHalfRun() throws Exception {
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "lost");
      connection.commit();
      add(insert, two.onB(), "after");
      assertThatThrownBy(insert::executeBatch)
          .hasFieldOrPropertyWithValue("SQLState", "25001")
          .hasMessageContaining("Call executeBatch before ending the transaction");
      add(insert, two.onB(), "again");
      assertThat(insert.executeBatch()).containsExactly(1);
    }
    connection.commit();
    assertThat(rowsOn(two.shardA())).isZero();
    assertThat(rowsOn(two.shardB())).isEqualTo(1);
  }

  @Test
  void autocommitBatchThenATransaction_isRefusedRatherThanCommittedOutsideIt() throws Exception {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "outside");
      connection.setAutoCommit(false);
      assertThatThrownBy(insert::executeBatch).hasFieldOrPropertyWithValue("SQLState", "25001");
      connection.rollback();
    }
    assertEveryNodeIsFree();
    assertThat(rowsOn(two.shardA())).isZero();
  }

  @Test
  void entryTheRouterRefusesAtAddBatch_failsExecuteBatchAndWritesNothing() throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
      insert.setString(1, "FR");
      insert.setString(2, "France");
      insert.addBatch();
      insert.setString(1, "DE");
      insert.setCharacterStream(2, new StringReader("Germany")); // one read: not on every shard
      insert.addBatch();
      insert.setString(1, "IT");
      insert.setString(2, "Italy");
      insert.addBatch();
      assertThatThrownBy(insert::executeBatch)
          .hasFieldOrPropertyWithValue("SQLState", "SW001")
          .hasMessageContaining("can be read only once");
    }
    assertEveryNodeIsFree();
    for (String shard : shards.names()) {
      assertThat(shards.queryLong(shard, "SELECT COUNT(*) FROM countries")).as(shard).isZero();
    }
  }

  @Test
  void failureOfThePhysicalDriverAtAddBatch_clearsTheBatch() throws Exception {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "dropped");
      insert.clearParameters();
      insert.setLong(1, two.onB()); // the first entry on shard B, without its second parameter
      assertThatThrownBy(insert::addBatch)
          .hasMessageStartingWith("[" + two.shardB() + "/primary] ");
      assertEveryNodeIsFree();
      assertThat(insert.executeBatch()).isEmpty();
    }
    assertThat(rowsOn("s1") + rowsOn("s2")).isZero();
  }

  @Test
  void parameterLeftUnsetAfterClearParameters_failsAtAddBatchInsteadOfReusingThePreviousValue()
      throws Exception {
    long secondOnA = two.onA() + 1;
    while (!shards.shardFor(secondOnA).equals(two.shardA())) {
      secondOnA++;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      add(insert, two.onA(), "first");
      insert.clearParameters();
      insert.setLong(1, secondOnA); // the same shard's physical statement, name left unset
      assertThatThrownBy(insert::addBatch)
          .isInstanceOf(SQLException.class)
          .hasMessageStartingWith("[" + two.shardA() + "/primary] ")
          .hasMessageContaining("#2");
    }
    assertThat(
            shards.queryLong(
                two.shardA(), "SELECT COUNT(*) FROM users WHERE user_id = " + secondOnA))
        .as("no row took the previous entry's name")
        .isZero();
  }
}
