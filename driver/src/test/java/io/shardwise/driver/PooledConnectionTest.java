package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logical connections under an application's own HikariCP pool: borrowing and returning opens no
 * physical connection, what HikariCP calls when it validates, resets and gives up on a connection
 * behaves as it expects, and state set on one logical connection never reaches another borrower
 * through a physical connection. Each node's pool holds one connection, so a physical connection
 * that was not given back makes the next statement time out.
 */
class PooledConnectionTest {

  private H2Shards shards;
  private ShardwiseDataSource dataSource;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("pooled", 2, H2Shards.ONE_CONNECTION_POOLS);
    shards.executeEverywhere("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
    dataSource = new ShardwiseDataSource(shards.url());
  }

  @AfterEach
  void close() throws Exception {
    dataSource.close();
    shards.close();
  }

  private HikariDataSource outerPool(int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("app-pool");
    config.setJdbcUrl(shards.url());
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /** Sessions open on every shard's database, the counting connection excluded. */
  private long physicalSessions() throws SQLException {
    return shards.queryTotal("SELECT COUNT(*) - 1 FROM INFORMATION_SCHEMA.SESSIONS");
  }

  @Test
  void borrowingAndReturning_opensNoPhysicalConnection() throws Exception {
    try (HikariDataSource pool = outerPool(5)) {
      try (Connection warm = pool.getConnection()) {
        assertThat(warm.isValid(1)).isTrue();
      }
      // HikariCP read the default isolation once when it set up its first connection: that
      // borrowed one physical connection, which its node's pool keeps idle.
      long sessions = physicalSessions();
      for (int i = 0; i < 2_000; i++) {
        try (Connection c = pool.getConnection()) {
          c.setAutoCommit(i % 2 == 0);
          c.setReadOnly(i % 3 == 0);
        }
        try (Connection c = dataSource.getConnection()) {
          assertThat(c.isClosed()).isFalse();
        }
      }
      assertThat(physicalSessions()).isEqualTo(sessions);
      assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(5);
    }
  }

  @Test
  void hikariResetsTheLogicalConnectionsStateOnReturn() throws Exception {
    try (HikariDataSource pool = outerPool(1)) {
      Object logical;
      int defaultIsolation;
      try (Connection c = pool.getConnection()) {
        logical = c.unwrap(ShardwiseConnection.class);
        defaultIsolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setNetworkTimeout(Runnable::run, 12_345);
        c.setCatalog(null);
        c.setSchema(null);
        c.clearWarnings();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
          assertThat(rs.next()).isTrue();
        }
      } // HikariCP rolls back and resets autocommit, read-only, isolation and network timeout
      try (Connection c = pool.getConnection()) {
        assertThat(c.unwrap(ShardwiseConnection.class)).isSameAs(logical);
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(c.isReadOnly()).isFalse();
        assertThat(c.getTransactionIsolation()).isEqualTo(defaultIsolation);
        assertThat(c.getNetworkTimeout()).isZero();
        try (Statement s = c.createStatement()) {
          assertThat(s.executeUpdate("INSERT INTO users (user_id, name) VALUES (1, 'ann')"))
              .isEqualTo(1);
        }
      }
    }
  }

  @Test
  void isolationSetOnALogicalConnection_neverReachesTheNextBorrowerOfItsPhysicalConnection()
      throws Exception {
    String isolationOfThisSession =
        "SELECT ISOLATION_LEVEL, SESSION_ID() FROM INFORMATION_SCHEMA.SESSIONS"
            + " WHERE SESSION_ID = SESSION_ID()";
    int firstSession;
    try (Connection first = dataSource.getConnection()) {
      first.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      first.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      first.setAutoCommit(false);
      try (Statement s = first.createStatement();
          ResultSet rs = s.executeQuery(isolationOfThisSession)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("SERIALIZABLE");
        firstSession = rs.getInt(2);
      }
      first.commit();
    }
    try (Connection next = dataSource.getConnection()) {
      next.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      try (Statement s = next.createStatement();
          ResultSet rs = s.executeQuery(isolationOfThisSession)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(2))
            .as("the same physical connection (pool of one)")
            .isEqualTo(firstSession);
        assertThat(rs.getString(1)).isEqualTo("READ COMMITTED");
      }
    }
  }

  @Test
  void isValid_isFalseOnceClosedOrShutDown_andNeedsNoPhysicalConnection() throws Exception {
    Connection c = dataSource.getConnection();
    long sessions = physicalSessions();
    assertThat(c.isValid(0)).isTrue();
    assertThat(physicalSessions()).isEqualTo(sessions);
    assertThatThrownBy(() -> c.isValid(-1)).hasFieldOrPropertyWithValue("SQLState", "SW010");
    c.close();
    assertThat(c.isValid(1)).isFalse();
    assertThat(c.isClosed()).isTrue();

    Connection open = dataSource.getConnection();
    ShardwiseDriver.shutdown(shards.url());
    assertThat(open.isValid(1)).as("its runtime is shut down").isFalse();
    open.close();
    try (Connection fresh = dataSource.getConnection()) {
      assertThat(fresh.isValid(1)).as("an open data source starts the runtime again").isTrue();
    }
  }

  @Test
  void abort_closesAtOnce_andEvictsThePhysicalConnectionOfTheOpenTransaction() throws Exception {
    long key = 7;
    String shard = shards.shardFor(key);
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (user_id, name) VALUES (" + key + ", 'bob')");
    }
    AtomicInteger tasks = new AtomicInteger();
    Executor counting =
        task -> {
          tasks.incrementAndGet();
          task.run();
        };
    c.abort(counting);
    assertThat(c.isClosed()).isTrue();
    assertThat(tasks).hasValue(1);
    c.abort(counting); // a no-op on a closed connection
    assertThat(tasks).hasValue(1);
    assertThatThrownBy(c::createStatement).hasFieldOrPropertyWithValue("SQLState", "08003");
    assertThatThrownBy(() -> c.abort(null)).hasFieldOrPropertyWithValue("SQLState", "SW010");

    // The shard's pool holds one connection: it was evicted, not kept, and the insert rolled back.
    try (Connection next = dataSource.getConnection()) {
      next.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      try (Statement s = next.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users WHERE user_id = " + key)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    assertThat(shards.queryLong(shard, "SELECT COUNT(*) FROM users")).isZero();
  }

  @Test
  void networkTimeout_isKept_andBadValuesAreRefused() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getNetworkTimeout()).isZero();
      c.setNetworkTimeout(Runnable::run, 5_000);
      assertThat(c.getNetworkTimeout()).isEqualTo(5_000);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
        assertThat(rs.next()).isTrue();
      }
      assertThatThrownBy(() -> c.setNetworkTimeout(Runnable::run, -1))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
      assertThatThrownBy(() -> c.setNetworkTimeout(null, 10))
          .hasFieldOrPropertyWithValue("SQLState", "SW010");
    }
  }

  @Test
  void catalogAndSchema_acceptTheCurrentValueOnly() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setCatalog(c.getCatalog());
      c.setSchema(c.getSchema());
      assertThatThrownBy(() -> c.setSchema("other"))
          .hasMessageContaining("schema comes from its URL")
          .hasFieldOrPropertyWithValue("SQLState", "SW001");
      assertThatThrownBy(() -> c.setCatalog("other"))
          .hasFieldOrPropertyWithValue("SQLState", "SW001");
    }
  }
}
