package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.RoutePlan.RoleReason;
import io.shardwise.router.sql.Target;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

  private final Router router = TestMaps.router(UnanalysablePolicy.REFUSE);

  private RoutePlan route(String sql, Object... params) throws RoutingException {
    return router.route(sql, ParameterValues.of(Arrays.asList(params)), SessionState.AUTOCOMMIT);
  }

  private String owner(Object key) throws RoutingException {
    return router.ring().shardFor(key);
  }

  private static void assertRoutes(RoutePlan plan, String shard, NodeRole role) {
    assertThat(plan.destination()).isEqualTo(new Destination.Shard(shard));
    assertThat(plan.role()).isEqualTo(role);
  }

  @Test
  void insertWithLiteralKeyGoesToTheOwnersPrimary() throws Exception {
    RoutePlan plan = route("INSERT INTO users (user_id, name) VALUES (42, 'ann')");
    assertRoutes(plan, owner(42L), NodeRole.PRIMARY);
    assertThat(plan.placement()).isEqualTo(PlacementReason.SHARD_KEY);
    assertThat(plan.roleReason()).isEqualTo(RoleReason.WRITE);
  }

  @Test
  void selectByParameterGoesToAReplicaOfTheOwner() throws Exception {
    for (long key = 1; key <= 50; key++) {
      RoutePlan plan = route("SELECT name FROM users WHERE user_id = ?", key);
      assertRoutes(plan, owner(key), NodeRole.REPLICA);
    }
  }

  @Test
  void keyTypesThatAreEqualRouteAlike() throws Exception {
    String sql = "SELECT * FROM orders WHERE user_id = ?";
    String expected = route(sql, 7L).destination().toString();
    assertThat(route(sql, 7).destination()).hasToString(expected);
    assertThat(route(sql, (short) 7).destination()).hasToString(expected);
    assertThat(route(sql, new BigDecimal("7.00")).destination()).hasToString(expected);
    assertThat(route("SELECT * FROM orders WHERE user_id = 7").destination()).hasToString(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM users WHERE user_id = 9",
        "SELECT * FROM users WHERE 9 = user_id",
        "SELECT * FROM users u WHERE u.user_id = 9 AND u.name LIKE 'a%'",
        "SELECT * FROM users WHERE (status = 'x' AND (users.user_id = 9))",
        "SELECT * FROM \"users\" WHERE \"USER_ID\" = 9",
        "SELECT u.name, c.name FROM users u JOIN countries c ON c.code = u.country WHERE u.user_id = 9",
        "UPDATE users SET name = 'x' WHERE user_id = 9",
        "DELETE FROM users WHERE user_id = 9 AND name = 'x'",
        "SELECT * FROM orders o WHERE (o.user_id, o.order_id) = (9, 4)",
        "UPDATE orders SET total = 1 WHERE (order_id, user_id) = (4, 9) AND total = 0",
        "DELETE FROM orders WHERE (user_id, order_id) = (9, 4)"
      })
  void keyIsFoundWhereverAndReaches(String sql) throws Exception {
    assertThat(route(sql).destination()).isEqualTo(new Destination.Shard(owner(9L)));
  }

  @Test
  void rowValueEqualities_asHibernateWritesCompositeIds_routeByTheirKeyColumn() throws Exception {
    RoutePlan find =
        route("select o.total from orders o where (o.user_id,o.order_id)=(?,?)", 23L, 1L);
    assertRoutes(find, owner(23L), NodeRole.REPLICA);
    RoutePlan versioned =
        route(
            "update orders set total=? where (user_id,order_id)=(?,?) and total=?", 5, 23L, 1L, 4);
    assertRoutes(versioned, owner(23L), NodeRole.PRIMARY);
    RoutePlan findById =
        route("select o.total from orders o where (o.user_id,o.order_id) in ((?,?))", 23L, 1L);
    assertRoutes(findById, owner(23L), NodeRole.REPLICA);
    long other = otherShardKey(23L);
    Destination two =
        route(
                "select total from orders where (user_id,order_id) in ((?,?),(?,?))",
                23L,
                1L,
                other,
                2L)
            .destination();
    assertThat(two).isInstanceOf(Destination.Shards.class);
    assertThat(((Destination.Shards) two).names())
        .containsExactlyInAnyOrder(owner(23L), owner(other));
    // Without the key among the row's columns: every shard.
    assertThat(route("SELECT * FROM orders WHERE (order_id, total) = (1, 2)").destination())
        .hasToString("Shards[s1, s2, s3]");
  }

  @Test
  void deleteNamingOnlyItsOwnTable_asHibernateWritesItOnMariaDb_isASingleTableDelete()
      throws Exception {
    assertRoutes(
        route("delete o1_0 from orders o1_0 where o1_0.user_id=?", 31L),
        owner(31L),
        NodeRole.PRIMARY);
    RoutePlan all = route("delete o1_0 from orders o1_0");
    assertThat(all.destination()).hasToString("Shards[s1, s2, s3]");
    assertThat(all.role()).isEqualTo(NodeRole.PRIMARY);
    RoutePlan broadcast = route("delete c1_0 from countries c1_0");
    assertThat(broadcast.destination())
        .isEqualTo(new Destination.AllShards(List.of("s1", "s2", "s3")));
    // Deleting from another table than the one named in FROM stays refused.
    assertThatThrownBy(() -> route("delete u from orders o join users u on u.user_id = o.user_id"))
        .isInstanceOf(RoutingException.class);
  }

  /** A key, from 1 up, that another shard than {@code key}'s owns. */
  private long otherShardKey(long key) throws Exception {
    for (long candidate = 1; ; candidate++) {
      if (!owner(candidate).equals(owner(key))) {
        return candidate;
      }
    }
  }

  @Test
  void parametersAreCountedInTextualOrder() throws Exception {
    RoutePlan plan = route("SELECT ? FROM users WHERE name = ? AND user_id = ?", "a", "b", 11L);
    assertRoutes(plan, owner(11L), NodeRole.REPLICA);
    RoutePlan insert =
        route("INSERT INTO orders (order_id, user_id, total) VALUES (?, ?, ?)", 1L, 12L, 3);
    assertRoutes(insert, owner(12L), NodeRole.PRIMARY);
  }

  @Test
  void unshardedTablesGoToTheDefaultShard() throws Exception {
    assertRoutes(route("SELECT * FROM audit_log WHERE id = 3"), "s1", NodeRole.REPLICA);
    assertRoutes(route("INSERT INTO audit_log (id) VALUES (3)"), "s1", NodeRole.PRIMARY);
    assertThat(route("SELECT 1").placement()).isEqualTo(PlacementReason.NO_TABLE);
  }

  @Test
  void broadcastTablesAreReadFromOneShardAndWrittenEverywhere() throws Exception {
    RoutePlan read = route("SELECT * FROM countries");
    assertRoutes(read, "s1", NodeRole.REPLICA);
    assertThat(read.placement()).isEqualTo(PlacementReason.BROADCAST_READ);
    RoutePlan write = route("INSERT INTO countries (code, name) VALUES ('FR', 'France')");
    assertThat(write.destination()).isEqualTo(new Destination.AllShards(List.of("s1", "s2", "s3")));
    assertThat(write.role()).isEqualTo(NodeRole.PRIMARY);
  }

  @Test
  void ddlOnShardedTablesRunsEverywhereAndOnUnshardedOnTheDefaultShard() throws Exception {
    assertThat(
            route("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))")
                .destination())
        .isInstanceOf(Destination.AllShards.class);
    assertThat(route("DROP TABLE orders").destination()).isInstanceOf(Destination.AllShards.class);
    assertRoutes(route("CREATE TABLE audit_log (id INT)"), "s1", NodeRole.PRIMARY);
  }

  @Test
  void roleFollowsTheSession() throws Exception {
    String sql = "SELECT * FROM users WHERE user_id = 5";
    assertThat(router.route(sql, ParameterValues.NONE, session(true, false, false)).roleReason())
        .isEqualTo(RoleReason.READ_WRITE_TRANSACTION);
    assertThat(router.route(sql, ParameterValues.NONE, session(true, true, false)).role())
        .isEqualTo(NodeRole.REPLICA);
    assertThat(router.route(sql, ParameterValues.NONE, session(false, false, true)).roleReason())
        .isEqualTo(RoleReason.HINT);
    assertThat(route(sql + " FOR UPDATE").roleReason()).isEqualTo(RoleReason.LOCKING_READ);
    assertThat(route("/* shardwise:primary */ " + sql).roleReason()).isEqualTo(RoleReason.HINT);
    assertThat(
            route("SELECT * FROM users WHERE user_id = 5 AND name = '/* shardwise:primary */'")
                .role())
        .isEqualTo(NodeRole.REPLICA);
  }

  @Test
  void selectWithoutKeyScattersToEveryShard() throws Exception {
    RoutePlan plan = route("SELECT * FROM users WHERE name = 'x'");
    assertThat(plan.destination()).isEqualTo(new Destination.Shards(List.of("s1", "s2", "s3")));
    assertThat(plan.destination()).hasToString("Shards[s1, s2, s3]");
    assertThat(plan.placement()).isEqualTo(PlacementReason.SCATTER);
    assertThat(plan.merge()).isNotNull();
    assertThat(route("SELECT * FROM users WHERE user_id = 1").merge()).isNull();
  }

  @Test
  void nullKeyIsRefused() {
    assertThatThrownBy(() -> route("INSERT INTO users (user_id, name) VALUES (NULL, 'x')"))
        .hasFieldOrPropertyWithValue("SQLState", "SW003")
        .hasMessageContaining("no owning shard");
    assertThatThrownBy(() -> route("INSERT INTO users (user_id, name) VALUES (?, ?)", null, "x"))
        .hasFieldOrPropertyWithValue("SQLState", "SW003");
    assertThatThrownBy(() -> route("INSERT INTO users (name) VALUES ('x')"))
        .hasFieldOrPropertyWithValue("SQLState", "SW003")
        .hasMessageContaining("does not set the shard key user_id");
  }

  @Test
  void shardKeyUpdateIsRefused() {
    assertThatThrownBy(() -> route("UPDATE users SET user_id = 3 WHERE user_id = 2"))
        .hasFieldOrPropertyWithValue("SQLState", "SW004")
        .hasMessageContaining("users.user_id");
  }

  @Test
  void unboundKeyParameterIsReported() {
    assertThatThrownBy(() -> route("SELECT * FROM users WHERE user_id = ?"))
        .hasFieldOrPropertyWithValue("SQLState", "SW010")
        .hasMessageContaining("Parameter 1");
  }

  @Test
  void unparseableSqlIsRefusedUnderTheDefaultPolicy() {
    assertThatThrownBy(() -> route("SELEKT * FROM users"))
        .hasFieldOrPropertyWithValue("SQLState", "SW006")
        .hasMessageContaining("Cannot analyse the statement");
    assertThatThrownBy(() -> route("SELECT 1; SELECT 2"))
        .hasFieldOrPropertyWithValue("SQLState", "SW006")
        .hasMessageContaining("2 statements");
  }

  @Test
  void defaultPrimaryPolicyNeverSendsShardedTablesBlindly() throws Exception {
    Router lenient = TestMaps.router(UnanalysablePolicy.DEFAULT_PRIMARY);
    RoutePlan plan =
        lenient.route("VACUUM audit_log", ParameterValues.NONE, SessionState.AUTOCOMMIT);
    assertThat(plan.destination()).isEqualTo(new Destination.Shard("s1"));
    assertThat(plan.role()).isEqualTo(NodeRole.PRIMARY);
    assertThatThrownBy(
            () -> lenient.route("VACUUM Users", ParameterValues.NONE, SessionState.AUTOCOMMIT))
        .hasFieldOrPropertyWithValue("SQLState", "SW006")
        .hasMessageContaining("never sent blindly");
  }

  @Test
  void groupJoinsOnTheKeyRouteLikeOneTable() throws Exception {
    assertRoutes(
        route("SELECT * FROM users u JOIN orders o ON o.user_id = u.user_id WHERE u.user_id = 1"),
        owner(1L),
        NodeRole.REPLICA);
    assertRoutes(
        route("SELECT * FROM users u JOIN orders o ON o.user_id = u.user_id WHERE o.user_id = 1"),
        owner(1L),
        NodeRole.REPLICA);
    assertThat(
            route("SELECT u.name, o.total FROM users u JOIN orders o USING (user_id)")
                .destination())
        .isInstanceOf(Destination.Shards.class);
    assertThatThrownBy(() -> route("SELECT * FROM users u JOIN orders o ON o.total = u.user_id"))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("must equate their shard keys");
    assertThatThrownBy(
            () ->
                route(
                    "SELECT * FROM users u JOIN audit_log a ON a.id = u.user_id WHERE u.user_id = 1"))
        .hasFieldOrPropertyWithValue("SQLState", "SW005");
  }

  @Test
  void transactionControlInSqlIsRecognisedForTheDriverToCarryOut() {
    assertThat(router.analyse("BEGIN").target())
        .isEqualTo(new Target.Transaction(TransactionAction.BEGIN));
    assertThat(router.analyse("start transaction read only").target())
        .isEqualTo(new Target.Transaction(TransactionAction.BEGIN_READ_ONLY));
    assertThat(router.analyse("COMMIT;").target())
        .isEqualTo(new Target.Transaction(TransactionAction.COMMIT));
    assertThat(router.analyse("ROLLBACK WORK").target())
        .isEqualTo(new Target.Transaction(TransactionAction.ROLLBACK));
    assertThatThrownBy(() -> route("SAVEPOINT a"))
        .hasFieldOrPropertyWithValue("SQLState", "SW001")
        .hasMessageContaining("savepoints");
  }

  @Test
  void sessionStatePinsAndGoesToPrimaries() throws Exception {
    RoutePlan set = route("SET search_path TO app, public");
    assertThat(set.destination()).isInstanceOf(Destination.AllShards.class);
    assertThat(set.roleReason()).isEqualTo(RoleReason.SESSION_STATE);
    assertThat(router.analyse("SET @x = 1").sessionUse()).isEqualTo(SessionUse.PINS);
    assertThat(router.analyse("SELECT @x").sessionUse()).isEqualTo(SessionUse.PINS);
    assertThat(router.analyse("SELECT @@port").sessionUse()).isEqualTo(SessionUse.NONE);
    assertThat(router.analyse("CREATE TEMPORARY TABLE tmp (id INT)").sessionUse())
        .isEqualTo(SessionUse.PINS);
    assertThat(router.analyse("PREPARE s FROM 'SELECT 1'").sessionUse()).isEqualTo(SessionUse.PINS);
    assertThat(route("SELECT pg_advisory_lock(7)").roleReason())
        .isEqualTo(RoleReason.SESSION_STATE);
    assertThat(
            router
                .route("SELECT * FROM users WHERE user_id = 1", ParameterValues.NONE, pinned())
                .roleReason())
        .isEqualTo(RoleReason.PINNED);
  }

  @Test
  void functionsWithSideEffectsGoToThePrimary() throws Exception {
    assertThat(route("SELECT nextval('order_ids')").roleReason()).isEqualTo(RoleReason.SIDE_EFFECT);
    assertThat(route("SELECT GET_LOCK('job', 1)").role()).isEqualTo(NodeRole.PRIMARY);
    assertThat(route("SELECT 'nextval(x)' AS text").role()).isEqualTo(NodeRole.REPLICA);
    assertThat(route("CALL refresh_stats()").roleReason()).isEqualTo(RoleReason.PROCEDURE_CALL);
    assertThat(route("LOCK TABLE users IN ACCESS EXCLUSIVE MODE").destination())
        .isInstanceOf(Destination.AllShards.class);
    assertThat(route("LOCK TABLES audit_log WRITE").destination())
        .isEqualTo(new Destination.Shard("s1"));
  }

  @Test
  void previousResultFunctionsNeedThePreviousStatementsConnection() throws Exception {
    assertThatThrownBy(() -> route("SELECT LAST_INSERT_ID()"))
        .hasFieldOrPropertyWithValue("SQLState", "SW001")
        .hasMessageContaining("getGeneratedKeys()");
    SessionState inTransactionOnS3 = TestSession.inTransactionAfter("s3");
    RoutePlan plan = router.route("SELECT currval('ids')", ParameterValues.NONE, inTransactionOnS3);
    assertThat(plan.destination()).isEqualTo(new Destination.Shard("s3"));
    assertThat(plan.role()).isEqualTo(NodeRole.PRIMARY);
  }

  @Test
  void severalStatementsBehindASessionKeywordAreNotTakenForOne() {
    assertThatThrownBy(() -> route("SET a = 1; DELETE FROM users"))
        .hasFieldOrPropertyWithValue("SQLState", "SW006");
  }

  private static SessionState pinned() {
    return TestSession.pinnedToPrimaries();
  }

  @Test
  void templatesAreCached() {
    assertThat(router.analyse("SELECT * FROM users WHERE user_id = ?"))
        .isSameAs(router.analyse("SELECT * FROM users WHERE user_id = ?"));
  }

  private static SessionState session(boolean tx, boolean readOnly, boolean forcePrimary) {
    return TestSession.of(tx, readOnly, forcePrimary);
  }
}
