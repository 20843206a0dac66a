package io.shardwise.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.ShardwiseDataSource;
import io.shardwise.it.topology.Engine;
import io.shardwise.it.topology.RealTopology;
import io.shardwise.it.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection life cycle on the real topology: state set on a logical connection never reaches
 * the next borrower of a physical connection (told by the server's session id), an outer pool's
 * borrow and return opens no physical connection, closing the data source closes every physical
 * connection and thread, and a reload adds a replica that reads then reach (told by server port).
 * Every node URL of the map carries a schema/database of this test's own, by which its physical
 * connections are counted on the servers.
 */
abstract class LifecycleContractTest {

  private final Engine engine;
  Topology topology;
  private Path map;
  private ShardwiseDataSource dataSource;

  LifecycleContractTest(Engine engine) {
    this.engine = engine;
  }

  /** {@code url} pointed at this test's own schema (PostgreSQL) or database (MariaDB). */
  abstract String ownUrl(String url);

  /** Drops and creates this test's schema or database on a primary. */
  abstract void recreate(Statement primary) throws SQLException;

  /** A query of one row: session id, read-only flag, isolation level name, server port. */
  abstract String sessionQuery();

  /** The servers' default isolation level, as {@link #isolation} names it. */
  abstract String defaultIsolation();

  /** Open sessions of this test's schema/database on the node at {@code url}. */
  abstract long sessions(Statement direct) throws SQLException;

  @BeforeEach
  void topology() throws Exception {
    topology = RealTopology.require(engine);
    for (String shard : Topology.SHARDS) {
      try (Connection c = topology.direct(topology.primaryUrl(engine, shard), engine);
          Statement s = c.createStatement()) {
        recreate(s);
      }
    }
    try (ShardwiseDataSource setup = new ShardwiseDataSource(url(mapYaml(1, 1, 4)));
        Connection c = setup.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE lc_items (id BIGINT PRIMARY KEY, body VARCHAR(20))");
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> physicalConnections() == 0);
  }

  @AfterEach
  void close() throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    if (map != null) {
      Files.deleteIfExists(map);
    }
  }

  private String url(String yaml) throws Exception {
    if (map == null) {
      map = Files.createTempFile("shardwise-lifecycle-" + engine.label() + "-", ".yaml");
    }
    Files.writeString(map, yaml);
    return "jdbc:shardwise:" + map;
  }

  /** Two shards, the first {@code s1Replicas} replicas of s1, weight {@code s2Weight} for s2. */
  String mapYaml(int s1Replicas, int s2Weight, int poolSize) {
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (String shard : Topology.SHARDS) {
      yaml.append("  - name: ").append(shard).append('\n');
      if (shard.equals("s2")) {
        yaml.append("    weight: ").append(s2Weight).append('\n');
      }
      yaml.append("    primary: ")
          .append(topology.node(engine, ownUrl(topology.primaryUrl(engine, shard))))
          .append('\n');
      yaml.append("    replicas:\n");
      List<String> replicas = topology.replicaUrls(engine, shard);
      int count = shard.equals("s1") ? s1Replicas : replicas.size();
      for (int i = 0; i < count; i++) {
        yaml.append("      - ").append(topology.node(engine, ownUrl(replicas.get(i)))).append('\n');
      }
    }
    return yaml.append("tables:\n  lc_users: { shardKey: user_id }\n")
        .append("defaultShard: s1\n")
        .append("pool: { maximumPoolSize: ")
        .append(poolSize)
        .append(", connectionTimeout: 2s }\n")
        .toString();
  }

  private ShardwiseDataSource dataSource(String yaml) throws Exception {
    dataSource = new ShardwiseDataSource(url(yaml));
    return dataSource;
  }

  /** Physical connections of this test's schema/database on every node of the topology. */
  long physicalConnections() throws SQLException {
    long total = 0;
    for (String shard : Topology.SHARDS) {
      List<String> urls = new java.util.ArrayList<>(topology.replicaUrls(engine, shard));
      urls.add(topology.primaryUrl(engine, shard));
      for (String url : urls) {
        try (Connection c = topology.direct(url, engine);
            Statement s = c.createStatement()) {
          total += sessions(s);
        }
      }
    }
    return total;
  }

  record Session(long id, boolean readOnly, String isolation, int port) {}

  private Session session(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sessionQuery())) {
      assertThat(rs.next()).isTrue();
      String readOnly = rs.getString(2);
      return new Session(
          rs.getLong(1),
          "on".equals(readOnly) || "1".equals(readOnly),
          isolation(rs.getString(3)),
          rs.getInt(4));
    }
  }

  /** {@code read committed}, {@code REPEATABLE-READ} → {@code READ COMMITTED}, ... */
  static String isolation(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', ' ');
  }

  private int primaryPort(String shard) {
    return Topology.port(topology.primaryUrl(engine, shard));
  }

  @Test
  void readOnlyAndIsolation_neverReachTheNextBorrowerOfThePhysicalConnection() throws Exception {
    ShardwiseDataSource source = dataSource(mapYaml(2, 1, 1));
    Session first;
    try (Connection a = source.getConnection()) {
      a.unwrap(ShardwiseConnection.class).setForcePrimary(true);
      a.setReadOnly(true);
      a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      a.setAutoCommit(false);
      first = session(a);
      assertThat(first.port()).isEqualTo(primaryPort("s1"));
      assertThat(first.isolation()).isEqualTo("SERIALIZABLE");
      assertReadOnlyOnTheServer(first);
      a.commit();
    }
    try (Connection b = source.getConnection()) {
      b.setAutoCommit(false);
      Session next = session(b);
      assertThat(next.id())
          .as("the same physical connection: the pool holds one")
          .isEqualTo(first.id());
      assertThat(next.port()).isEqualTo(primaryPort("s1"));
      assertThat(next.readOnly()).as("read-only did not leak").isFalse();
      assertThat(next.isolation()).as("isolation did not leak").isEqualTo(defaultIsolation());
      try (Statement s = b.createStatement()) {
        assertThat(s.executeUpdate("INSERT INTO lc_items (id, body) VALUES (1, 'written')"))
            .isEqualTo(1);
      }
      b.commit();
    }
  }

  /** Whether the driver of this engine puts the server session itself in read-only mode. */
  abstract void assertReadOnlyOnTheServer(Session session);

  @Test
  void anOuterPool_borrowsAndReturnsWithoutOpeningPhysicalConnections() throws Exception {
    String url = url(mapYaml(2, 1, 4));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(5);
    config.setPoolName("lifecycle-app-pool");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection warm = pool.getConnection()) {
        assertThat(warm.isValid(1)).isTrue();
      }
      long physical = physicalConnections();
      for (int i = 0; i < 500; i++) {
        try (Connection c = pool.getConnection()) {
          c.setReadOnly(i % 2 == 0);
        }
      }
      assertThat(physicalConnections()).isEqualTo(physical);
    } finally {
      io.shardwise.driver.ShardwiseDriver.shutdown(url);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> physicalConnections() == 0);
  }

  @Test
  void closingTheDataSource_closesEveryPhysicalConnectionAndStopsEveryThread() throws Exception {
    Set<String> threadsBefore = shardwiseThreads();
    ShardwiseDataSource source = dataSource(mapYaml(2, 1, 4));
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE lc_users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
      for (long key = 1; key <= 20; key++) {
        s.executeUpdate("INSERT INTO lc_users (user_id, name) VALUES (" + key + ", 'u')");
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM lc_users /* shardwise:primary */")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(20);
      }
    }
    assertThat(physicalConnections()).isPositive();
    assertThat(shardwiseThreads()).anyMatch(name -> name.startsWith("shardwise-health-"));

    source.close();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(physicalConnections()).isZero();
              assertThat(shardwiseThreads()).isSubsetOf(threadsBefore);
            });
  }

  static Set<String> shardwiseThreads() {
    Set<String> names = new TreeSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("shardwise-")) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  @Test
  void reload_addsAReplicaThatReadsReach_andRefusesAShardWeightChange() throws Exception {
    ShardwiseDataSource source = dataSource(mapYaml(1, 1, 4));
    List<String> replicas = topology.replicaUrls(engine, "s1");
    int first = Topology.port(replicas.get(0));
    int second = Topology.port(replicas.get(1));
    assertThat(readPorts(source, 6)).containsExactly(first);

    Files.writeString(map, mapYaml(2, 1, 4));
    List<String> changes = source.reload();
    assertThat(changes).singleElement().asString().startsWith("shards.s1.replicas: added ");
    assertThat(readPorts(source, 8)).containsExactlyInAnyOrder(first, second);

    Files.writeString(map, mapYaml(2, 2, 4));
    assertThatThrownBy(source::reload)
        .hasMessageContaining("shards.s2.weight: 1 -> 2")
        .hasFieldOrPropertyWithValue("SQLState", "SW013");
    assertThat(readPorts(source, 8)).containsExactlyInAnyOrder(first, second);

    Files.writeString(map, mapYaml(1, 1, 4));
    assertThat(source.reload())
        .singleElement()
        .asString()
        .startsWith("shards.s1.replicas: removed ");
    assertThat(readPorts(source, 6)).containsExactly(first);
  }

  /** The ports that served {@code reads} reads of the default shard s1 outside a transaction. */
  private Set<Integer> readPorts(ShardwiseDataSource source, int reads) throws SQLException {
    Set<Integer> ports = new HashSet<>();
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      for (int i = 0; i < reads; i++) {
        try (ResultSet rs = s.executeQuery(engine.portQuery())) {
          assertThat(rs.next()).isTrue();
          ports.add(rs.getInt(1));
        }
      }
    }
    return ports;
  }
}
