package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.node.Node;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reloading the shard map without a restart: changes that move no data apply (replicas, pool
 * sizes), changes that would move data are refused with SW013 and the old map stays in force. Which
 * node served a read is told by {@code CURRENT_USER}: each replica is a login of its own to the
 * shard's database.
 */
class ReloadTest {

  private H2Shards shards;
  private ShardwiseDataSource dataSource;
  private String original;
  private int transactions;

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("reload", 2, "pool: { maximumPoolSize: 1, connectionTimeout: 1s }\n");
    shards.execute("s1", "CREATE USER IF NOT EXISTS replica2 PASSWORD 'replica2'");
    shards.execute("s1", "GRANT SELECT ON SCHEMA PUBLIC TO replica2");
    shards.executeEverywhere("CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(20))");
    for (int i = 1; i <= 50; i++) {
      shards.execute("s1", "INSERT INTO notes VALUES (" + i + ", 'n" + i + "')");
    }
    dataSource = new ShardwiseDataSource(shards.url());
    original = Files.readString(shards.map());
  }

  @AfterEach
  void close() throws Exception {
    dataSource.close();
    shards.close();
  }

  /** The map with a second replica of s1: the same database, login REPLICA2. */
  private String withSecondReplica(String yaml) {
    String replica = H2Shards.replicaUrl(shards.h2Url("s1"));
    String first = "      - { url: \"" + replica + "\", user: replica, password: replica }\n";
    return yaml.replace(
        first,
        first + "      - { url: \"" + replica + "\", user: replica2, password: replica2 }\n");
  }

  /** Who served a read of the default shard (notes is unlisted: it lives on s1). */
  private String reader(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER FROM notes WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private Set<String> readers(int reads) throws SQLException {
    Set<String> seen = new HashSet<>();
    try (Connection c = dataSource.getConnection()) {
      for (int i = 0; i < reads; i++) {
        seen.add(reader(c));
      }
    }
    return seen;
  }

  private ShardwiseRuntime runtime() throws SQLException {
    return RuntimeRegistry.runtime(ShardwiseUrl.parse(shards.url()));
  }

  @Test
  void addingAReplica_appliesWithoutRestart_andReadsReachIt() throws Exception {
    assertThat(readers(6)).containsExactly("REPLICA");
    Files.writeString(shards.map(), withSecondReplica(original));

    List<String> changes = dataSource.reload();

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0)).startsWith("shards.s1.replicas: added ").contains("replica2");
    assertThat(readers(6)).containsExactlyInAnyOrder("REPLICA", "REPLICA2");
    assertThat(dataSource.reload()).as("the same file again changes nothing").isEmpty();
  }

  @Test
  void driverReload_appliesToTheRuntimeDriverManagerUses() throws Exception {
    try (Connection c = DriverManager.getConnection(shards.url())) {
      assertThat(reader(c)).isEqualTo("REPLICA");
    }
    Files.writeString(shards.map(), withSecondReplica(original));

    assertThat(ShardwiseDriver.reload(shards.url()))
        .singleElement()
        .asString()
        .startsWith("shards.s1.replicas: added ");

    Set<String> seen = new HashSet<>();
    try (Connection c = DriverManager.getConnection(shards.url())) {
      for (int i = 0; i < 6; i++) {
        seen.add(reader(c));
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("REPLICA", "REPLICA2");
  }

  @Test
  void aReload_logsOneAuditLine() throws Exception {
    assertThat(readers(1)).containsExactly("REPLICA"); // the runtime runs on the original map
    Files.writeString(shards.map(), withSecondReplica(original));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      dataSource.reload();
    } finally {
      System.setErr(err);
    }
    List<String> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("Reloaded shard map")) {
        lines.add(line);
      }
    }
    assertThat(lines)
        .singleElement()
        .asString()
        .contains("INFO", shards.map().toString(), "shards.s1.replicas: added", "replica2")
        .doesNotContain("password: replica2");
  }

  @Test
  void aChangeThatMovesData_isRefused_andTheOldMapStaysInForce() throws Exception {
    assertThat(readers(2)).containsExactly("REPLICA");
    Files.writeString(
        shards.map(),
        withSecondReplica(original).replace("  - name: s2\n", "  - name: s2\n    weight: 2\n"));

    assertThatThrownBy(dataSource::reload)
        .hasMessageContaining("refused: it would move data (shards.s2.weight: 1 -> 2)")
        .hasMessageContaining("The map in force is unchanged")
        .hasFieldOrPropertyWithValue("SQLState", "SW013");

    assertThat(readers(6))
        .as("the replica added with it was not applied")
        .containsExactly("REPLICA");
    assertThat(runtime().shardMap().shard("s2").orElseThrow().weight()).isEqualTo(1);

    Files.writeString(shards.map(), "version: 1\nshards: oops\n");
    assertThatThrownBy(dataSource::reload).hasFieldOrPropertyWithValue("SQLState", "SW007");
    assertThat(readers(2)).containsExactly("REPLICA");
  }

  @Test
  void removingAReplica_letsItsRunningReadFinish_thenClosesItsPool() throws Exception {
    assertThat(readers(1)).containsExactly("REPLICA");
    Files.writeString(shards.map(), withSecondReplica(original));
    dataSource.reload();
    Node second = runtime().shard("s1").replicas().get(1);
    assertThat(second.spec().user()).isEqualTo("replica2");

    try (Connection reading = dataSource.getConnection();
        Statement s = reading.createStatement()) {
      // round robin: find a read served by REPLICA2 and keep its result set open
      ResultSet open = null;
      for (int i = 0; i < 4 && open == null; i++) {
        ResultSet rs = s.executeQuery("SELECT CURRENT_USER, id FROM notes ORDER BY id");
        if (reading.unwrap(ShardwiseConnection.class).lastRoute().nodes().contains(second.id())) {
          open = rs;
        } else {
          rs.close();
        }
      }
      assertThat(open).as("a read on s1/replica-1").isNotNull();
      assertThat(open.next()).isTrue();
      assertThat(open.getString(1)).isEqualTo("REPLICA2");

      Files.writeString(shards.map(), original);
      assertThat(dataSource.reload())
          .singleElement()
          .asString()
          .startsWith("shards.s1.replicas: removed ");

      assertThat(readers(6)).as("new reads avoid the removed replica").containsExactly("REPLICA");
      assertThat(runtime().pools().isOpen(second))
          .as("its pool stays while its read runs")
          .isTrue();
      int rows = 1;
      while (open.next()) {
        assertThat(open.getString(1)).isEqualTo("REPLICA2");
        rows++;
      }
      assertThat(rows).as("the running read finished on the removed replica").isEqualTo(50);
      open.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(runtime().pools().isOpen(second)).isFalse());
  }

  @Test
  void aKeepaliveChange_givesEveryNodeANewPool_andRetiresTheOldOnes() throws Exception {
    assertThat(readers(2)).containsExactly("REPLICA");
    Node before = runtime().shard("s1").replicas().get(0);
    assertThat(runtime().pools().isOpen(before)).isTrue();
    long routed = before.stats().routedCount();

    Files.writeString(
        shards.map(),
        original.replace("connectionTimeout: 1s", "connectionTimeout: 1s, keepaliveTime: 60s"));
    assertThat(dataSource.reload()).containsExactly("pool.keepaliveTime: default -> PT1M");

    Node after = runtime().shard("s1").replicas().get(0);
    assertThat(after.index()).as("a new pool").isNotEqualTo(before.index());
    assertThat(after.stats()).as("the node keeps its counters").isSameAs(before.stats());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(runtime().pools().isOpen(before)).isFalse());
    assertThat(readers(2)).containsExactly("REPLICA");
    assertThat(runtime().pools().isOpen(after)).isTrue();
    assertThat(after.stats().routedCount()).isEqualTo(routed + 2);
  }

  @Test
  void aLargerPool_appliesToTheOpenPools() throws Exception {
    List<Connection> transactions = new ArrayList<>();
    try {
      Connection first = transaction();
      transactions.add(first);
      assertThatThrownBy(this::transaction)
          .as("s1's primary pool holds one connection")
          .hasFieldOrPropertyWithValue("SQLState", "08001");

      Files.writeString(shards.map(), original.replace("maximumPoolSize: 1", "maximumPoolSize: 3"));
      assertThat(dataSource.reload()).containsExactly("pool.maximumPoolSize: 1 -> 3");

      transactions.add(transaction());
      transactions.add(transaction());
    } finally {
      for (Connection c : transactions) {
        c.close();
      }
    }
  }

  /** A logical connection in a transaction holding a physical connection to s1's primary. */
  private Connection transaction() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // a row of its own: transactions must not wait on each other's locks
        s.executeUpdate("UPDATE notes SET body = body WHERE id = " + (++transactions));
      }
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }
}
