package io.shardwise.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDriver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.NestedTransactionNotSupportedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The example application on shardwise, as Spring runs it (HikariCP, JdbcTemplate,
 * {@code @Transactional}): read-write transactions run on the primary of the key's shard, read-only
 * ones on one of its replicas, rows land on the shard that owns their key, and the actuator shows
 * the node meters. Which node answered is what the node itself says ({@code example.served-by}).
 * Subclassed per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringExampleContract {

  private ExampleShards shards;
  private ConfigurableApplicationContext app;
  private AccountService accounts;

  abstract ExampleShards createShards() throws Exception;

  @BeforeAll
  void start() throws Exception {
    shards = createShards();
    app = ExampleApp.onShardwise(shards);
    accounts = app.getBean(AccountService.class);
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (shards != null) {
      shards.close();
    }
  }

  private String other(String shard) {
    return shard.equals("s1") ? "s2" : "s1";
  }

  @Test
  void readWriteTransaction_runsOnTheOwnersPrimary_andRowsLandOnItsShard() throws Exception {
    for (long key = 101; key <= 108; key++) {
      accounts.open(key, "owner-" + key);
      Account account = accounts.deposit(key, 1, 10);
      String owner = shards.owner(key);
      assertThat(account.servedBy()).as("key %d", key).isEqualTo(shards.primaryServer(owner));
      assertThat(account.balance()).isEqualTo(10);
      assertThat(shards.accountRowsOn(owner, 0, key)).isEqualTo(1);
      assertThat(shards.entryRowsOn(owner, 0, key)).isEqualTo(1);
      assertThat(shards.accountRowsOn(other(owner), 0, key)).isZero();
      assertThat(shards.entryRowsOn(other(owner), 0, key)).isZero();
    }
  }

  @Test
  void readOnlyTransaction_isServedByOneReplicaOfTheOwner() throws Exception {
    List<Long> keys = List.of(201L, 202L, 203L, 204L, 205L, 206L);
    for (long key : keys) {
      accounts.open(key, "owner-" + key);
      accounts.deposit(key, 1, 5);
      accounts.deposit(key, 2, 7);
    }
    // Every key first: a pooled logical connection may carry the read-your-writes position of
    // a later key's write on the same shard, and a replica behind it would not be chosen.
    for (long key : keys) {
      awaitOnEveryReplica(key);
    }
    for (long key : keys) {
      AccountStatement statement = accounts.statement(key);
      String owner = shards.owner(key);
      assertThat(statement.entries()).containsExactly(1L, 2L);
      assertThat(statement.account().balance()).isEqualTo(12);
      assertThat(statement.servedBy())
          .as("key %d: both reads of the transaction on one replica of %s", key, owner)
          .hasSize(3)
          .containsOnly(statement.servedBy().get(0));
      assertThat(statement.servedBy().get(0)).isIn(shards.replicaServers(owner));
      assertThat(accounts.find(key).servedBy()).isIn(shards.replicaServers(owner));
    }
  }

  /** Waits until every replica of the key's shard has its account and both entries. */
  private void awaitOnEveryReplica(long key) throws SQLException {
    String owner = shards.owner(key);
    for (int replica = 1; replica <= shards.replicaCount(); replica++) {
      int node = replica;
      await().atMost(Duration.ofSeconds(30)).until(() -> shards.entryRowsOn(owner, node, key) == 2);
    }
  }

  @Test
  void writeInAReadOnlyTransaction_isRefusedWith25006_andChangesNothing() throws Exception {
    long key = 301;
    accounts.open(key, "before");
    assertThatThrownBy(() -> accounts.renameInReadOnlyTransaction(key, "after"))
        .isInstanceOf(DataAccessException.class)
        .satisfies(
            e ->
                assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                    .isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "25006")
                    .hasMessageContaining("read-only"));
    try (var c = shards.direct(shards.owner(key), 0);
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT owner FROM accounts WHERE account_id = " + key)) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("before");
    }
  }

  @Test
  void readAcrossShards_sumsEveryShardsRows() throws Exception {
    long amount = 1;
    for (String shard : ExampleShards.SHARDS) {
      for (long key : shards.keysOn(shard, 2)) {
        accounts.open(key, "summed");
        accounts.deposit(key, 1, amount++);
      }
    }
    long expected = 0;
    for (String shard : ExampleShards.SHARDS) {
      expected += shards.queryLong(shard, 0, "SELECT COALESCE(SUM(balance), ?) FROM accounts", 0);
    }
    long direct = expected;
    // Read-only, so served by replicas, which may not have replayed the last deposits yet.
    await().atMost(Duration.ofSeconds(30)).until(() -> accounts.totalBalance() == direct);
  }

  @Test
  void nestedPropagation_needsSavepoints_andFailsWithSw001() throws Exception {
    TransactionTemplate outer =
        new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
    TransactionTemplate nested =
        new TransactionTemplate(
            app.getBean(PlatformTransactionManager.class),
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
    assertThatThrownBy(
            () ->
                outer.executeWithoutResult(
                    status -> {
                      accounts.open(601, "outer");
                      nested.executeWithoutResult(inner -> accounts.open(602, "nested"));
                    }))
        // DatabaseMetaData.supportsSavepoints() is false, so Spring refuses before it asks.
        .isInstanceOf(NestedTransactionNotSupportedException.class)
        .hasMessageContaining("savepoints are not supported");
    assertThat(shards.accountRowsOn(shards.owner(601), 0, 601))
        .as("the outer transaction rolled back")
        .isZero();
  }

  @Test
  void actuatorMetricsEndpoint_showsTheNodeMeters() throws Exception {
    accounts.open(501, "metered");
    MetricsEndpoint endpoint = app.getBean(MetricsEndpoint.class);
    String primary = shards.owner(501) + "/primary";
    MetricsEndpoint.MetricDescriptor statements =
        endpoint.metric("shardwise.node.statements", List.of("node:" + primary));
    NodeMetrics api = ShardwiseDriver.metrics(shards.url()).node(primary).orElseThrow();
    assertThat(statements.getMeasurements()).hasSize(1);
    assertThat(statements.getMeasurements().get(0).getValue())
        .isPositive()
        .isEqualTo((double) api.routed());
    assertThat(statements.getAvailableTags())
        .extracting(MetricsEndpoint.AvailableTag::getTag)
        .contains("map", "shard", "role");
    MetricsEndpoint.MetricDescriptor up =
        endpoint.metric("shardwise.node.up", List.of("node:" + primary));
    assertThat(up.getMeasurements().get(0).getValue()).isEqualTo(1.0);
    assertThat(endpoint.listNames().getNames())
        .contains("shardwise.node.replica.lag", "shardwise.node.connections.active");
  }
}
