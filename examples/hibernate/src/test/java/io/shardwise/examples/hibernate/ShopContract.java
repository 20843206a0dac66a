package io.shardwise.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseConnection;
import io.shardwise.driver.ShardwiseDriver;
import io.shardwise.it.examples.ExampleShards;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.stat.Statistics;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example application's behaviour on two shards, the same on every engine: entities land on the
 * primary of the shard that owns their key, reads outside a transaction are served by that shard's
 * replicas (its primary when it has none, as on H2), queries without the key run on every shard and
 * come back merged. Where statements went is read from the driver's per-node counters and from
 * direct connections to each shard's primary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShopContract {

  /**
   * Under an outer pool, consecutive requests get different logical connections: {@code global}
   * read-your-writes lets a read on one see a write made on another.
   */
  static final String MAP_REST = ShopSchema.TABLES + "reads: { readYourWrites: global }\n";

  ExampleShards shards;
  String url;
  HashRing ring;
  Shop shop;

  abstract ExampleShards shards() throws Exception;

  @BeforeAll
  void start() throws Exception {
    shards = shards();
    url = shards.shardwiseUrl(MAP_REST);
    ShardMap map = ShardMapLoader.load(Path.of(url.substring("jdbc:shardwise:".length())));
    ring = HashRing.of(map.ring(), map.shards());
    try (Connection c = DriverManager.getConnection(url)) {
      for (String sql : ShopSchema.statements()) {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
      }
    }
    shop = Shop.open(url, Map.of("hibernate.generate_statistics", true));
  }

  @AfterAll
  void stop() throws SQLException {
    if (shop != null) {
      shop.close();
    }
    if (url != null) {
      ShardwiseDriver.shutdown(url);
    }
  }

  @BeforeEach
  void emptyTables() {
    shop.inTransaction(
        em -> {
          em.createQuery("delete from PurchaseOrder").executeUpdate();
          em.createQuery("delete from Customer").executeUpdate();
          em.createQuery("delete from Country").executeUpdate();
          return null;
        });
  }

  @Test
  void persistedEntitiesLandOnTheOwnersPrimary_andFindReadsFromTheOwner() throws SQLException {
    shop.inTransaction(
        em -> {
          em.persist(new Country("FR", "France"));
          for (long id = 1; id <= 10; id++) {
            em.persist(new Customer(id, "customer " + id, "FR"));
            em.persist(new PurchaseOrder(id, 1, 100 * id));
          }
          return null;
        });

    for (String shard : ExampleShards.SHARDS) {
      List<Long> owned = new ArrayList<>();
      for (long id = 1; id <= 10; id++) {
        if (owner(id).equals(shard)) {
          owned.add(id);
        }
      }
      assertThat(idsOnPrimary(shard, "customers")).as(shard).isEqualTo(owned);
      assertThat(idsOnPrimary(shard, "orders")).as(shard).isEqualTo(owned);
      assertThat(idsOnPrimary(shard, "countries")).as("broadcast row on " + shard).hasSize(1);
    }

    for (long id = 1; id <= 10; id++) {
      long key = id;
      assertReadIsServedBy(
          readNodes(key),
          () ->
              assertThat(shop.read(em -> em.find(Customer.class, key)).getName())
                  .isEqualTo("customer " + key));

      Map<String, Long> before = routed();
      AtomicReference<String> route = new AtomicReference<>();
      PurchaseOrder order =
          shop.inTransaction(
              em -> {
                PurchaseOrder o = em.find(PurchaseOrder.class, new OrderKey(key, 1));
                em.unwrap(Session.class)
                    .doWork(c -> route.set(c.unwrap(ShardwiseConnection.class).lastRoute().sql()));
                return o;
              });
      assertThat(order.getTotalCents()).isEqualTo(100 * id);
      assertThat(servedBy(before))
          .as("find(%d) in a transaction: %s", id, route)
          .isEqualTo(primary(key));
    }
  }

  @Test
  void jpqlWithTheKeyRunsOnTheOwner_withoutItOnEveryShardMerged() {
    seed(8, 3);
    long customer = 5;

    assertReadIsServedBy(
        readNodes(customer),
        () -> {
          List<PurchaseOrder> orders =
              shop.read(
                  em ->
                      em.createQuery(
                              "select o from PurchaseOrder o where o.customerId = :c"
                                  + " order by o.orderNo",
                              PurchaseOrder.class)
                          .setParameter("c", customer)
                          .getResultList());
          assertThat(orders).extracting(PurchaseOrder::getOrderNo).containsExactly(1, 2, 3);
        });

    // A join with the broadcast table routes like the sharded table alone.
    assertReadIsServedBy(
        readNodes(customer),
        () -> {
          Object[] row =
              shop.read(
                  em ->
                      em.createQuery(
                              "select c.name, co.name from Customer c, Country co"
                                  + " where co.code = c.countryCode and c.id = :c",
                              Object[].class)
                          .setParameter("c", customer)
                          .getSingleResult());
          assertThat(row).containsExactly("customer 5", "France");
        });

    Map<String, Long> before = routed();
    long count =
        shop.read(
            em ->
                em.createQuery(
                        "select count(o) from PurchaseOrder o where o.status = 'NEW'", Long.class)
                    .getSingleResult());
    assertThat(count).isEqualTo(24);
    assertThat(shardsOf(servedBy(before)))
        .containsExactlyInAnyOrderElementsOf(ExampleShards.SHARDS);
  }

  @Test
  void pagingAcrossShardsReturnsTheSingleDatabasePages() {
    seed(8, 4);
    List<long[]> all = new ArrayList<>();
    for (long c = 1; c <= 8; c++) {
      for (int n = 1; n <= 4; n++) {
        all.add(new long[] {total(c, n), c, n});
      }
    }
    all.sort(
        Comparator.<long[]>comparingLong(r -> -r[0])
            .thenComparingLong(r -> r[1])
            .thenComparingLong(r -> r[2]));

    for (int first : new int[] {0, 5, 10, 30}) {
      List<PurchaseOrder> page =
          shop.read(
              em ->
                  em.createQuery(
                          "select o from PurchaseOrder o"
                              + " order by o.totalCents desc, o.customerId, o.orderNo",
                          PurchaseOrder.class)
                      .setFirstResult(first)
                      .setMaxResults(5)
                      .getResultList());
      List<String> expected = new ArrayList<>();
      for (long[] r : all.subList(first, Math.min(first + 5, all.size()))) {
        expected.add(r[1] + "/" + r[2]);
      }
      assertThat(page)
          .extracting(o -> o.key().toString())
          .as("page at %d", first)
          .isEqualTo(expected);
    }
  }

  @Test
  void aStaleUpdateFailsWithOptimisticLockException() {
    shop.inTransaction(
        em -> {
          em.persist(new Country("FR", "France"));
          em.persist(new Customer(7, "before", "FR"));
          return null;
        });

    EntityManager stale = shop.entityManager();
    try {
      stale.getTransaction().begin();
      Customer staleCopy = stale.find(Customer.class, 7L);
      assertThat(staleCopy.getVersion()).isZero();

      shop.inTransaction(
          em -> {
            em.find(Customer.class, 7L).setName("concurrent");
            return null;
          });

      staleCopy.setName("stale");
      assertThatThrownBy(stale::flush).isInstanceOf(OptimisticLockException.class);
    } finally {
      if (stale.getTransaction().isActive()) {
        stale.getTransaction().rollback();
      }
      stale.close();
    }
    Customer current = shop.read(em -> em.find(Customer.class, 7L));
    assertThat(current.getName()).isEqualTo("concurrent");
    assertThat(current.getVersion()).isEqualTo(1);
  }

  @Test
  void batchInsertsAreSentInBatches_andEachRowLandsOnItsOwner() throws SQLException {
    Statistics stats = shop.entityManagers().unwrap(SessionFactory.class).getStatistics();
    stats.clear();
    int customers = 20;
    int ordersEach = 5;
    seed(customers, ordersEach);
    // 20 customers + 100 orders + 1 country in batches of 20: 1 + 1 + 5 + 1 batches at most
    // (Hibernate prepares one statement per batch).
    assertThat(stats.getPrepareStatementCount()).isLessThanOrEqualTo(1 + 1 + 5 + 1 + 2);

    Map<String, Integer> expected = new TreeMap<>();
    for (long c = 1; c <= customers; c++) {
      expected.merge(owner(c), ordersEach, Integer::sum);
    }
    Map<String, Integer> actual = new TreeMap<>();
    for (String shard : ExampleShards.SHARDS) {
      List<Long> ids = idsOnPrimary(shard, "orders");
      actual.put(shard, ids.size());
      assertThat(ids).allSatisfy(id -> assertThat(owner(id)).isEqualTo(shard));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void validateFailsClearlyForAMissingColumn() throws SQLException {
    // That validation passes against the full schema is shown by start(): the shop opened.
    execute("ALTER TABLE countries DROP COLUMN name");
    try {
      Throwable failure = catchThrowable(() -> Shop.open(url).close());
      Throwable cause = failure;
      while (cause != null && !(cause instanceof SchemaManagementException)) {
        cause = cause.getCause();
      }
      assertThat(cause)
          .as("a SchemaManagementException in %s", failure)
          .isNotNull()
          .hasMessageContaining("missing column [name]")
          .hasMessageContaining("countries");
    } finally {
      execute("ALTER TABLE countries ADD name VARCHAR(100)");
    }
  }

  @Test
  void theLastRouteOfHibernatesConnectionIsVisibleThroughUnwrap() {
    seed(2, 1);
    AtomicReference<String> route = new AtomicReference<>();
    shop.inTransaction(
        em -> {
          em.find(Customer.class, 2L);
          em.unwrap(Session.class)
              .doWork(c -> route.set(c.unwrap(ShardwiseConnection.class).lastRoute().toString()));
          return null;
        });
    assertThat(route.get()).startsWith("Shard(" + owner(2) + ")").contains(owner(2) + "/primary");
  }

  /** Hibernate's own connection pool, given the URL, works as well as an outer HikariCP pool. */
  @Test
  void hibernatesOwnConnectionPool_takesTheShardwiseUrl() {
    seed(3, 1);
    try (EntityManagerFactory own =
        new HibernatePersistenceConfiguration("shop-own-pool")
            .managedClasses(Customer.class, PurchaseOrder.class, Country.class)
            .jdbcUrl(url)
            .property(AvailableSettings.HBM2DDL_AUTO, "validate")
            .createEntityManagerFactory()) {
      EntityManager em = own.createEntityManager();
      try {
        assertThat(em.find(Customer.class, 3L).getName()).isEqualTo("customer 3");
      } finally {
        em.close();
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  /**
   * Runs {@code read} (outside a transaction) until it is served by {@code expected} alone. Until a
   * replica has replayed the test's last writes, read-your-writes correctly sends the read to the
   * owner's primary instead; a replica that has must then serve it, within a bounded time.
   */
  void assertReadIsServedBy(String expected, Runnable read) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, Long> before = routed();
              read.run();
              assertThat(servedBy(before)).isEqualTo(expected);
            });
  }

  static long total(long customer, int orderNo) {
    return (customer * 37 + orderNo * 11) % 50;
  }

  void seed(int customers, int ordersEach) {
    shop.inTransaction(
        em -> {
          em.persist(new Country("FR", "France"));
          for (long c = 1; c <= customers; c++) {
            em.persist(new Customer(c, "customer " + c, "FR"));
            for (int n = 1; n <= ordersEach; n++) {
              em.persist(new PurchaseOrder(c, n, total(c, n)));
            }
          }
          return null;
        });
  }

  String owner(long customerId) {
    try {
      return ring.shardFor(customerId);
    } catch (RoutingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The nodes a read outside a transaction may use: the owner's replicas, else its primary. */
  String readNodes(long customerId) {
    return shards.hasReplicas() ? owner(customerId) + "/replica" : owner(customerId) + "/primary";
  }

  String primary(long customerId) {
    return owner(customerId) + "/primary";
  }

  void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  List<Long> idsOnPrimary(String shard, String table) throws SQLException {
    String column = table.equals("countries") ? "1" : "customer_id";
    List<Long> ids = new ArrayList<>();
    try (Connection c = shards.primary(shard);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT " + column + " FROM " + table + " ORDER BY " + column)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  Map<String, Long> routed() {
    try {
      Map<String, Long> routed = new HashMap<>();
      for (NodeMetrics node : ShardwiseDriver.metrics(url).nodes()) {
        routed.put(node.id(), node.routed());
      }
      return routed;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The one kind of node that served statements since {@code before}: {@code s1/primary}, or {@code
   * s2/replica} for any replica of s2; several kinds joined by commas.
   */
  String servedBy(Map<String, Long> before) {
    TreeMap<String, Long> kinds = new TreeMap<>();
    routed()
        .forEach(
            (node, count) -> {
              long delta = count - before.getOrDefault(node, 0L);
              if (delta > 0) {
                kinds.merge(node.replaceAll("-\\d+$", ""), delta, Long::sum);
              }
            });
    return String.join(",", kinds.keySet());
  }

  static List<String> shardsOf(String servedBy) {
    List<String> shards = new ArrayList<>();
    for (String node : servedBy.split(",")) {
      String shard = node.substring(0, node.indexOf('/'));
      if (!shards.contains(shard)) {
        shards.add(shard);
      }
    }
    return shards;
  }
}
