package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.Router;
import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.PoolSettings;
import io.shardwise.router.config.ReadRouting;
import io.shardwise.router.config.RingSettings;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import io.shardwise.router.sql.SqlAnalyzer;
import io.shardwise.router.sql.SqlLimits;
import io.shardwise.router.sql.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile SQL: hint text inside literals under each engine's lexing rules, statements the parser
 * would read differently from the database, and the analysis limits (length, depth, time budget).
 */
class HostileSqlTest {

  private static final String PG = "jdbc:postgresql://127.0.0.1:1/app";
  private static final String MARIA = "jdbc:mariadb://127.0.0.1:1/app";
  private static final String H2 = "jdbc:h2:mem:x";

  private static Router router(String... urls) {
    List<ShardSpec> shards =
        List.of(shard("s1", urls[0]), shard("s2", urls[1 % urls.length]), shard("s3", urls[0]));
    ShardMap map =
        new ShardMap(
            1,
            RingSettings.defaults(),
            shards,
            Map.of("users", TableRule.sharded("users", "user_id", "accounts")),
            "s1",
            ReadRouting.defaults(),
            PoolSettings.defaults(),
            UnanalysablePolicy.REFUSE);
    return new Router(map, HashRing.of(map.ring(), map.shards()));
  }

  private static ShardSpec shard(String name, String url) {
    return new ShardSpec(name, 1, new NodeSpec(url + name, "sa", "pw", 1), List.of());
  }

  private static RoutePlan route(Router router, String sql) throws RoutingException {
    return router.route(sql, ParameterValues.NONE, TestSession.of(false, false, false));
  }

  /** Not sent to the shard a hint inside a literal names: scattered, or refused by the parser. */
  private static void assertNotHinted(Router router, String sql) throws RoutingException {
    RoutePlan plan;
    try {
      plan = route(router, sql);
    } catch (RoutingException e) {
      assertThat(e.getSQLState()).as(sql).isEqualTo(ErrorCode.UNANALYSABLE.sqlState());
      return;
    }
    assertThat(plan.placement()).as(sql).isNotEqualTo(RoutePlan.PlacementReason.HINT_SHARD);
    assertThat(plan.destination()).as(sql).isInstanceOf(Destination.Shards.class);
  }

  private static void assertHinted(Router router, String sql) throws RoutingException {
    RoutePlan plan = route(router, sql);
    assertThat(plan.placement()).as(sql).isEqualTo(RoutePlan.PlacementReason.HINT_SHARD);
    assertThat(plan.destination()).as(sql).isEqualTo(new Destination.Shard("s2"));
  }

  private static void assertRefused(Router router, String sql, ErrorCode code, String words) {
    assertThatThrownBy(() -> route(router, sql))
        .as(sql)
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.getSQLState()).isEqualTo(code.sqlState());
              assertThat(e.getMessage()).contains(words);
            });
  }

  private static final String COUNT = "SELECT COUNT(*) FROM users WHERE ";
  private static final String HINT = "/* shardwise:shard=s2 */";

  @Test
  void standardStringsEndAtTheQuoteAfterABackslash_postgresAndH2() throws Exception {
    for (Router router : List.of(router(PG), router(H2))) {
      assertNotHinted(router, COUNT + "name <> '\\' AND name <> ' " + HINT + " '");
      assertNotHinted(router, COUNT + "name <> 'a\\' AND name <> '" + HINT + "'");
      assertNotHinted(router, COUNT + "name <> '''" + HINT + "'''");
      assertNotHinted(router, COUNT + "\"na" + HINT + "me\" <> 'x'");
      assertNotHinted(router, COUNT + "name <> $$ " + HINT + " $$");
      assertHinted(router, COUNT + "name <> '\\' " + HINT);
    }
  }

  @Test
  void postgresTaggedDollarQuotesAndEStringsAndNestedComments() throws Exception {
    Router pg = router(PG);
    assertNotHinted(pg, COUNT + "name <> $q$ it's " + HINT + " $q$");
    assertNotHinted(pg, COUNT + "name <> $q$ $$ " + HINT + " $$ $q$");
    assertRefused(
        pg, COUNT + "name <> E'\\' " + HINT + " '", ErrorCode.AMBIGUOUS_SQL, "E'…' string");
    assertRefused(
        pg,
        COUNT + "user_id = 1 /* a /* b */ OR user_id = 2 */",
        ErrorCode.AMBIGUOUS_SQL,
        "nested block comment");
    assertHinted(pg, COUNT + "name <> E'x' " + HINT);
  }

  @Test
  void mariaDbEscapesBackslashesAndHasItsOwnComments() throws Exception {
    Router maria = router(MARIA);
    assertNotHinted(maria, COUNT + "name <> '\\' " + HINT + " '");
    assertNotHinted(maria, COUNT + "name <> 'it\\'s " + HINT + "'");
    assertNotHinted(maria, COUNT + "`na" + HINT + "me` <> 'x'");
    assertHinted(maria, COUNT + "name <> '\\'' " + HINT);
    assertHinted(maria, COUNT + "name <> $$ " + HINT + " $$");
    assertRefused(maria, COUNT + "user_id = 5 --1", ErrorCode.AMBIGUOUS_SQL, "'--'");
    assertRefused(
        maria, COUNT + "user_id = 5 /*! OR 1 = 1 */", ErrorCode.AMBIGUOUS_SQL, "executable");
    assertRefused(maria, COUNT + "\"user_id\" = 0", ErrorCode.AMBIGUOUS_SQL, "double-quoted");
    assertRefused(
        maria, COUNT + "name <> 'x' /*! " + HINT + " */", ErrorCode.AMBIGUOUS_SQL, "executable");
  }

  @Test
  void aMapOfMixedEnginesRefusesWhatTheEnginesLexDifferently() throws Exception {
    Router mixed = router(PG, MARIA);
    assertRefused(
        mixed,
        COUNT + "name <> '\\' AND name <> ' " + HINT + " '",
        ErrorCode.AMBIGUOUS_SQL,
        "not one known engine");
    assertRefused(
        mixed, COUNT + "name <> $$ " + HINT + " $$", ErrorCode.AMBIGUOUS_SQL, "$$ quoting");
    assertHinted(mixed, COUNT + "name <> 'x' " + HINT);
    assertThat(route(mixed, COUNT + "user_id = 7").placement())
        .isEqualTo(RoutePlan.PlacementReason.SHARD_KEY);
  }

  @Test
  void aPrimaryHintCountsOnlyInAComment() throws Exception {
    Router pg = router(PG);
    assertThat(
            route(
                    pg,
                    "SELECT * FROM users WHERE user_id = 1 AND name = '\\' /* shardwise:primary */")
                .role())
        .isEqualTo(NodeRole.PRIMARY);
    assertThat(
            route(
                    pg,
                    "SELECT * FROM users WHERE user_id = 1 AND name = '\\' AND name <> '"
                        + " /* shardwise:primary */ '")
                .role())
        .isEqualTo(NodeRole.REPLICA);
  }

  @Test
  void aStatementOverTheLengthLimitIsRefusedNamingTheLimit() {
    ShardMap map = router(H2).shardMap();
    SqlAnalyzer small = new SqlAnalyzer(map, new SqlLimits(100, 32, Duration.ofSeconds(2)));
    Target target = small.analyse(COUNT + "name <> '" + "x".repeat(100) + "'").target();
    assertThat(target).isInstanceOf(Target.Refused.class);
    assertThat(((Target.Refused) target).code()).isEqualTo(ErrorCode.SQL_TOO_LONG);
    assertThat(((Target.Refused) target).message()).contains("limit of 100", "maxLength");
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 64, 1000, 20000})
  void deepParenthesesAreRefusedAtOnce(int depth) {
    long start = System.nanoTime();
    assertRefused(
        router(H2),
        COUNT + "(".repeat(depth) + "user_id = 3" + ")".repeat(depth),
        ErrorCode.SQL_TOO_DEEP,
        "limit of 32");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 16, 24, 32})
  void parenthesesWithinTheLimitRouteByTheKey(int depth) throws Exception {
    RoutePlan plan =
        route(router(H2), COUNT + "(".repeat(depth) + "user_id = 3" + ")".repeat(depth));
    assertThat(plan.placement()).isEqualTo(RoutePlan.PlacementReason.SHARD_KEY);
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 16, 30})
  void nestedSubqueriesAreCutOffByTheBudget(int levels) {
    String sql = "SELECT COUNT(*) FROM users WHERE user_id = 3";
    for (int i = 0; i < levels; i++) {
      sql =
          "SELECT user_id FROM users WHERE user_id IN (" + sql.replace("COUNT(*)", "user_id") + ")";
    }
    String statement = sql;
    long start = System.nanoTime();
    assertThatThrownBy(() -> route(router(H2), statement))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> assertThat(e.getSQLState()).isIn("SW022", "SW005", "SW002"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
  }

  @Test
  void aLongOrChainOfKeysNeverThrowsAnythingButAnSqlException() {
    StringBuilder sql = new StringBuilder(COUNT + "user_id = 0");
    for (int i = 1; sql.length() < 100_000; i++) {
      sql.append(" OR user_id = ").append(i);
    }
    Router router = router(H2);
    try {
      RoutePlan plan = route(router, sql.toString());
      assertThat(plan.destination()).isInstanceOf(Destination.Shards.class);
    } catch (RoutingException e) {
      assertThat(e.getSQLState()).isIn("SW022", "SW024");
    }
  }

  @Test
  void aFiftyThousandParameterInListIsAnalysedInLinearTime() throws Exception {
    StringBuilder sql = new StringBuilder(COUNT + "name <> ? AND user_id IN (?");
    for (int i = 1; i < 50_000; i++) {
      sql.append(", ?");
    }
    sql.append(") AND name <> ?");
    Router router = router(H2);
    long start = System.nanoTime();
    var template = router.analyse(sql.toString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("[hostile] 50,000-parameter IN list analysed in %d ms%n", ms);
    assertThat(template.target()).isInstanceOf(Target.ByKeys.class);
    Target.ByKeys byKeys = (Target.ByKeys) template.target();
    assertThat(byKeys.keys()).hasSize(50_000);
    assertThat(byKeys.keys().get(0)).isEqualTo(new io.shardwise.router.sql.KeyValue.Parameter(2));
    assertThat(byKeys.keys().get(49_999))
        .isEqualTo(new io.shardwise.router.sql.KeyValue.Parameter(50_001));
    assertThat(ms).isLessThan(5_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE FROM users WHERE name = ? AND user_id IN (%s) AND name <> ?",
        "DELETE FROM users WHERE name = ? AND (%s) AND name <> ?",
        "SELECT COUNT(*) FROM users WHERE name = ? AND (%s) AND name <> ?",
        "SELECT name FROM users WHERE name = ? AND user_id IN (%s) AND name <> ? ORDER BY name"
      })
  void longListsAndOrChainsKeepEveryParameterInItsPlace(String shape) throws Exception {
    int items = 200;
    boolean chain = !shape.contains("IN (%s)");
    StringBuilder list = new StringBuilder();
    List<Object> values = new java.util.ArrayList<>();
    values.add("a");
    for (int i = 0; i < items; i++) {
      list.append(i == 0 ? "" : chain ? " OR " : ", ").append(chain ? "user_id = ?" : "?");
      values.add((long) i);
    }
    values.add("b");
    String sql = shape.formatted(list);
    RoutePlan plan =
        router(H2).route(sql, ParameterValues.of(values), TestSession.of(false, false, false));
    assertThat(plan.destination()).isEqualTo(new Destination.Shards(List.of("s1", "s2", "s3")));
    List<ShardSql> statements = plan.shardSql() != null ? plan.shardSql() : List.of();
    for (ShardSql statement : statements) {
      int[] parameters = statement.parameters();
      assertThat(parameters[0]).as(statement.toString()).isEqualTo(1);
      assertThat(parameters[parameters.length - 1]).isEqualTo(items + 2);
      for (int p = 1; p < parameters.length - 1; p++) {
        long key = (Long) values.get(parameters[p] - 1);
        assertThat(router(H2).ring().shardFor(key, router(H2).shardMap().table("users").get()))
            .isEqualTo(statement.shard());
      }
    }
    if (plan.merge() != null) {
      assertThat(plan.merge().shardSql()).contains("name = ?").contains("name <> ?");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*) FROM users WHERE name = 'x' AND %s",
        "SELECT COUNT(*) FROM users WHERE %s AND name = 'x'",
        "SELECT COUNT(*) FROM users WHERE NOT %s",
        "SELECT COUNT(*) FROM users WHERE %s OR name = 'x'"
      })
  void anOrChainThatAnotherOperatorSplitsIsNotReadAsOneList(String shape) throws Exception {
    StringBuilder chain = new StringBuilder("user_id = 0");
    for (int i = 1; i < 100; i++) {
      chain.append(" OR user_id = ").append(i);
    }
    RoutePlan plan = route(router(H2), shape.formatted(chain));
    // each shape lets rows with any user_id match, so no shard may be skipped
    assertThat(plan.destination()).isEqualTo(new Destination.Shards(List.of("s1", "s2", "s3")));
  }
}
