package io.shardwise.driver.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.node.NodeHealth.State;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.PoolSettings;
import io.shardwise.router.route.NodeRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read waiting for a replica's pool gives up soon after the node stops accepting connections or
 * is ejected, whatever the pool's {@code connectionTimeout}; a pool that is only busy is waited
 * for.
 */
class ReplicaAcquireTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

  private NodePools pools;

  @AfterEach
  void close() {
    if (pools != null) {
      pools.close();
    }
  }

  private NodePools pools(int size, Duration connectionTimeout) {
    pools =
        new NodePools(
            4,
            new PoolSettings(size, null, connectionTimeout, null, null, null, null, null),
            "test-map");
    return pools;
  }

  private static Node node(NodeRole role, String url) {
    String id = role == NodeRole.PRIMARY ? "s1/primary" : "s1/replica-0";
    return new Node(
        role == NodeRole.PRIMARY ? 0 : 1, "s1", role, id, new NodeSpec(url, "sa", "", 1));
  }

  private static String liveUrl() {
    return "jdbc:h2:mem:acquire" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void busyReplicaPool_isWaitedFor_untilAConnectionComesBack() throws Exception {
    Node replica = node(NodeRole.REPLICA, liveUrl());
    NodePools pools = pools(1, LONG_TIMEOUT);
    Connection held = pools.connection(replica);
    CompletableFuture<Connection> waiting =
        CompletableFuture.supplyAsync(() -> connectionOrNull(pools, replica));
    // Several slices pass without giving up: the node is up and its pool only busy.
    await()
        .pollDelay(Duration.ofMillis(4 * ReplicaAcquire.SLICE_MILLIS))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());
    held.close();
    Connection served = waiting.get(5, TimeUnit.SECONDS);
    assertThat(served).isNotNull();
    served.close();
  }

  @Test
  void busyReplicaPool_ofANodeTheMonitorEjects_givesUpWithinASlice() throws Exception {
    Node replica = node(NodeRole.REPLICA, liveUrl());
    NodePools pools = pools(1, LONG_TIMEOUT);
    try (Connection held = pools.connection(replica)) {
      assertThat(held.isValid(1)).isTrue();
      CompletableFuture<Connection> waiting =
          CompletableFuture.supplyAsync(() -> connectionOrThrow(pools, replica));
      await().atMost(Duration.ofSeconds(5)).until(() -> waitingFor(pools, replica));
      long ejectedAt = System.nanoTime();
      replica
          .stats()
          .publish(new NodeHealth(State.DOWN, -1, -1, null, "Connection refused", 1), true);
      assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SQLTransientConnectionException.class)
          .hasMessageStartingWith("the health monitor ejected it (Connection refused)")
          .hasMessageContaining("ms for a connection");
      long gaveUpAfter = (System.nanoTime() - ejectedAt) / 1_000_000;
      // One slice, plus room for a busy machine: far from the 30 s connectionTimeout.
      assertThat(gaveUpAfter).isLessThan(ReplicaAcquire.SLICE_MILLIS + 1000);
      assertThat(replica.stats().errorCount()).isEqualTo(1);
    }
  }

  /**
   * A replica that refuses connections, several ways: a closed port, a database that does not
   * exist, a login the database rejects.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:tcp://127.0.0.1:1/mem:nowhere",
        "jdbc:h2:mem:acquire-missing;IFEXISTS=TRUE",
        "jdbc:h2:mem:acquire-login;DB_CLOSE_DELAY=-1"
      })
  void replicaThatRefusesConnections_givesUpAfterItsFirstFailedConnect_notConnectionTimeout(
      String url) throws SQLException {
    if (url.contains("acquire-login")) {
      // The database exists, created by sa with another password; DB_CLOSE_DELAY keeps it.
      DriverManager.getConnection(url, "sa", "right").close();
    }
    Node replica =
        new Node(1, "s1", NodeRole.REPLICA, "s1/replica-0", new NodeSpec(url, "sa", "wrong", 1));
    NodePools pools = pools(2, LONG_TIMEOUT);
    long start = System.nanoTime();
    assertThatThrownBy(() -> pools.connection(replica))
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessageStartingWith("its pool could not open a connection within")
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SQLException.class));
    // One failed connect (H2's TCP client retries a refused port for about 1.5 s) and one slice.
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).isLessThan(LONG_TIMEOUT.toMillis() / 10);
  }

  @Test
  void primaryThatRefusesConnections_waitsTheWholeConnectionTimeout() {
    Node primary = node(NodeRole.PRIMARY, "jdbc:h2:tcp://127.0.0.1:1/mem:nowhere");
    NodePools pools = pools(1, Duration.ofMillis(1200));
    long start = System.nanoTime();
    assertThatThrownBy(() -> pools.connection(primary))
        .isInstanceOf(SQLTransientConnectionException.class)
        .hasMessageContaining("request timed out after");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1150);
  }

  private static boolean waitingFor(NodePools pools, Node node) throws SQLException {
    return pools.threadsAwaiting(node) > 0;
  }

  private static Connection connectionOrNull(NodePools pools, Node node) {
    try {
      return pools.connection(node);
    } catch (SQLException e) {
      return null;
    }
  }

  private static Connection connectionOrThrow(NodePools pools, Node node) {
    try {
      return pools.connection(node);
    } catch (SQLException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
