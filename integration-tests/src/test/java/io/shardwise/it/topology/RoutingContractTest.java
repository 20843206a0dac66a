package io.shardwise.it.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.HashRing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The routing contract of docs/routing.md on real replication: each test asserts which server
 * served a statement by the port it reports ({@code inet_server_port()}, {@code @@port}).
 * Subclassed once per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoutingContractTest {

  static final int ROWS = 20;

  private final Engine engine;
  Topology topology;
  String url;
  HashRing ring;

  RoutingContractTest(Engine engine) {
    this.engine = engine;
  }

  @BeforeAll
  void createAndReplicate() throws Exception {
    topology = RealTopology.require(engine);
    Path map =
        topology.shardMap(
            engine,
            """
            tables:
              contract_items: { shardKey: id }
            reads: { strategy: round-robin, whenNoReplica: primary }
            pool: { maximumPoolSize: 4, connectionTimeout: 5s }
            unanalysable: default-primary
            """);
    url = "jdbc:shardwise:" + map;
    var loaded = ShardMapLoader.load(map);
    ring = HashRing.of(loaded.ring(), loaded.shards());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS contract_items");
      s.execute("CREATE TABLE contract_items (id BIGINT PRIMARY KEY, v VARCHAR(40))");
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO contract_items (id, v) VALUES (?, ?)")) {
        for (long id = 1; id <= ROWS; id++) {
          insert.setLong(1, id);
          insert.setString(2, "v" + id);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    for (String shard : Topology.SHARDS) {
      for (String replica : topology.replicaUrls(engine, shard)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> countOn(replica) == expectedOn(shard));
      }
    }
  }

  @AfterAll
  void shutdown() throws SQLException {
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  private int countOn(String nodeUrl) {
    try (Connection c = topology.direct(nodeUrl, engine);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM contract_items")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      return -1; // the table has not replicated yet
    }
  }

  private int expectedOn(String shard) throws Exception {
    int n = 0;
    for (long id = 1; id <= ROWS; id++) {
      n += ring.shardFor(id).equals(shard) ? 1 : 0;
    }
    return n;
  }

  String owner(long id) throws Exception {
    return ring.shardFor(id);
  }

  int primaryPort(String shard) {
    return Topology.port(topology.primaryUrl(engine, shard));
  }

  Set<Integer> replicaPorts(String shard) {
    Set<Integer> ports = new HashSet<>();
    topology.replicaUrls(engine, shard).forEach(u -> ports.add(Topology.port(u)));
    return ports;
  }

  /** The port of the server that ran a read of row {@code id}. */
  int readPort(Connection c, long id) throws SQLException {
    return port(c, "SELECT " + portExpression() + ", v FROM contract_items WHERE id = ?", id);
  }

  int port(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a row from %s", sql).isTrue();
        return rs.getInt(1);
      }
    }
  }

  String portExpression() {
    return engine == Engine.PG ? "inet_server_port()" : "@@port";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  // ---- the contract ---------------------------------------------------------------------

  @Test
  void readOutsideTransaction_isServedByAReplicaOfTheOwner_roundRobin() throws Exception {
    try (Connection c = connect()) {
      for (long id = 1; id <= 10; id++) {
        assertThat(readPort(c, id)).isIn(replicaPorts(owner(id)));
      }
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        seen.add(readPort(c, 1));
      }
      assertThat(seen).as("both replicas take turns").isEqualTo(replicaPorts(owner(1)));
    }
  }

  @Test
  void readWriteTransaction_runsEverythingOnThePrimary_withoutSwitchingNode() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      int primary = primaryPort(owner(2));
      for (int i = 0; i < 5; i++) {
        assertThat(readPort(c, 2)).isEqualTo(primary);
      }
      try (PreparedStatement update =
          c.prepareStatement("UPDATE contract_items SET v = ? WHERE id = ?")) {
        update.setString(1, "v2");
        update.setLong(2, 2);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      assertThat(readPort(c, 2)).isEqualTo(primary);
      c.commit();
    }
  }

  @Test
  void readOnlyConnection_readsInsideATransactionFromOneReplica() throws Exception {
    try (Connection c = connect()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      int first = readPort(c, 3);
      assertThat(first).isIn(replicaPorts(owner(3)));
      for (int i = 0; i < 5; i++) {
        assertThat(readPort(c, 3)).as("same replica for the whole transaction").isEqualTo(first);
      }
      c.commit();
    }
  }

  @Test
  void startTransactionReadOnly_inSql_readsFromAReplica_andCommitEndsIt() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("START TRANSACTION READ ONLY");
      assertThat(c.getAutoCommit()).isFalse();
      int first = readPort(c, 4);
      assertThat(first).isIn(replicaPorts(owner(4)));
      assertThat(readPort(c, 4)).isEqualTo(first);
      s.execute("COMMIT");
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(c.isReadOnly()).isFalse();
    }
  }

  @Test
  void beginInSql_startsATransactionOnThePrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("BEGIN");
      assertThat(readPort(c, 5)).isEqualTo(primaryPort(owner(5)));
      s.execute("ROLLBACK");
      assertThat(readPort(c, 5)).isIn(replicaPorts(owner(5)));
    }
  }

  @Test
  void setReadOnlyInsideATransaction_failsWith25001() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      readPort(c, 6);
      assertThatThrownBy(() -> c.setReadOnly(true))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "25001");
      c.rollback();
    }
  }

  @Test
  void selectForUpdate_goesToThePrimary() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      assertThat(
              port(
                  c,
                  "SELECT " + portExpression() + " FROM contract_items WHERE id = ? FOR UPDATE",
                  7L))
          .isEqualTo(primaryPort(owner(7)));
      c.rollback();
    }
    try (Connection c = connect()) {
      assertThat(
              port(
                  c,
                  "SELECT " + portExpression() + " FROM contract_items WHERE id = ? FOR UPDATE",
                  7L))
          .as("also outside a transaction")
          .isEqualTo(primaryPort(owner(7)));
    }
  }

  @Test
  void primaryHint_andForcePrimaryApi_goToThePrimary() throws Exception {
    try (Connection c = connect()) {
      assertThat(
              port(
                  c,
                  "/* shardwise:primary */ SELECT "
                      + portExpression()
                      + " FROM contract_items WHERE id = ?",
                  8L))
          .isEqualTo(primaryPort(owner(8)));
      c.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      assertThat(readPort(c, 8)).isEqualTo(primaryPort(owner(8)));
    }
  }

  @Test
  void sessionState_pinsTheConnectionToThePrimaries_untilReset() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sessionVariableSet());
      String sql =
          "SELECT "
              + portExpression()
              + ", "
              + sessionVariableRead()
              + " FROM contract_items WHERE id = ?";
      for (long id : List.of(9L, 10L, 11L)) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(primaryPort(owner(id)));
            assertThat(rs.getString(2)).as("the session variable set earlier").isEqualTo("pinned");
          }
        }
      }
      c.unwrap(ShardwiseConnection.class).resetSession();
      assertThat(readPort(c, 9)).isIn(replicaPorts(owner(9)));
    }
  }

  @Test
  void temporaryTable_pinsTheConnectionToTheDefaultShardsPrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE contract_tmp (id INT)");
      s.executeUpdate("INSERT INTO contract_tmp (id) VALUES (1)");
      try (ResultSet rs =
          s.executeQuery("SELECT " + portExpression() + ", COUNT(*) FROM contract_tmp")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
        assertThat(rs.getInt(2)).isEqualTo(1);
      }
    }
  }

  @Test
  void serverSidePrepare_pinsTheConnectionToThePrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          engine == Engine.PG
              ? "PREPARE contract_q AS SELECT inet_server_port()"
              : "PREPARE contract_q FROM 'SELECT @@port'");
      try (ResultSet rs = s.executeQuery("EXECUTE contract_q")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
      }
    }
  }

  @Test
  void sessionLock_goesToThePrimary_andStaysOnItsSession() throws Exception {
    String lock = engine == Engine.PG ? "pg_advisory_lock(4242)" : "GET_LOCK('contract', 5)";
    String unlock = engine == Engine.PG ? "pg_advisory_unlock(4242)" : "RELEASE_LOCK('contract')";
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT " + portExpression() + ", " + lock)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
      }
      try (ResultSet rs = s.executeQuery("SELECT " + unlock)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("released by the session that took it").isTrue();
      }
    }
  }

  @Test
  void transactionIsolationAndReadOnly_areAppliedToThePhysicalConnection_andReset()
      throws Exception {
    String isolation =
        engine == Engine.PG
            ? "SELECT current_setting('transaction_isolation')"
            : "SELECT @@tx_isolation";
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      c.setAutoCommit(false);
      try (ResultSet rs = s.executeQuery(isolation)) {
        rs.next();
        assertThat(rs.getString(1).toLowerCase().replace('-', ' ')).isEqualTo("serializable");
      }
      c.commit();
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try (ResultSet rs = s.executeQuery(isolation)) {
        rs.next();
        assertThat(rs.getString(1).toLowerCase())
            .as("reset by the pool")
            .isNotEqualTo("serializable");
      }
      c.commit();
    }
  }

  @Test
  void unanalysableSql_goesToTheDefaultShardsPrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertThat(s.execute(unanalysableRead())).isTrue();
      try (ResultSet rs = s.getResultSet()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
      }
    }
  }

  @Test
  void storedProcedureCall_goesToThePrimary() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(dropProcedure());
      s.execute(createProcedure());
      try (ResultSet rs = s.executeQuery(callProcedure())) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(primaryPort("s1"));
      }
    }
  }

  abstract String sessionVariableSet();

  abstract String sessionVariableRead();

  abstract String unanalysableRead();

  abstract String dropProcedure();

  abstract String createProcedure();

  abstract String callProcedure();
}
