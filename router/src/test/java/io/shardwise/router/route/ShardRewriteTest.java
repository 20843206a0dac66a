package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.RoutingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements rewritten per shard (multi-row INSERT split, IN list pruned), statements that must
 * provably stay on one shard (UPDATE of the key, INSERT ... SELECT), and shard hints.
 */
class ShardRewriteTest {

  private final Router router = TestMaps.router(UnanalysablePolicy.REFUSE);

  private RoutePlan route(String sql, Object... params) throws RoutingException {
    return router.route(sql, ParameterValues.of(Arrays.asList(params)), SessionState.AUTOCOMMIT);
  }

  /** Keys a, b, c with a and c on one shard and b on another. */
  private long[] keys() {
    long a = 1;
    long b = 2;
    while (owner(b).equals(owner(a))) {
      b++;
    }
    long c = b + 1;
    while (!owner(c).equals(owner(a))) {
      c++;
    }
    return new long[] {a, b, c};
  }

  private String owner(long key) {
    try {
      return router.ring().shardFor(key);
    } catch (RoutingException e) {
      throw new AssertionError(e);
    }
  }

  private static ShardSql of(RoutePlan plan, String shard) {
    return plan.shardSql().stream().filter(s -> s.shard().equals(shard)).findFirst().orElseThrow();
  }

  @Test
  void multiRowInsertWithLiteralsIsSplitPerShard() throws Exception {
    long[] k = keys();
    RoutePlan plan =
        route(
            "INSERT INTO users (user_id, name) VALUES ("
                + k[0]
                + ", 'a, (b)'), ("
                + k[1]
                + ", 'b'), ("
                + k[2]
                + ", DEFAULT)");
    assertThat(plan.destination().shardNames()).containsExactlyInAnyOrder(owner(k[0]), owner(k[1]));
    assertThat(of(plan, owner(k[0])).sql())
        .isEqualTo(
            "INSERT INTO users (user_id, name) VALUES ("
                + k[0]
                + ", 'a, (b)'), ("
                + k[2]
                + ", DEFAULT)");
    assertThat(of(plan, owner(k[1])).sql())
        .isEqualTo("INSERT INTO users (user_id, name) VALUES (" + k[1] + ", 'b')");
  }

  @Test
  void multiRowInsertWithParametersRenumbersThem() throws Exception {
    long[] k = keys();
    RoutePlan plan =
        route(
            "INSERT INTO users (user_id, name) VALUES (?, ?), (?, ?), (?, 'x') ON DUPLICATE KEY"
                + " UPDATE name = ?",
            k[0],
            "a",
            k[1],
            "b",
            k[2],
            "new");
    ShardSql first = of(plan, owner(k[0]));
    assertThat(first.sql())
        .isEqualTo(
            "INSERT INTO users (user_id, name) VALUES (?, ?), (?, 'x') ON DUPLICATE KEY UPDATE"
                + " name = ?");
    assertThat(first.parameters()).containsExactly(1, 2, 5, 6);
    ShardSql second = of(plan, owner(k[1]));
    assertThat(second.sql())
        .isEqualTo(
            "INSERT INTO users (user_id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = ?");
    assertThat(second.parameters()).containsExactly(3, 4, 6);
  }

  @Test
  void multiRowInsertOnOneShardRunsUnchanged() throws Exception {
    long[] k = keys();
    RoutePlan plan = route("INSERT INTO users (user_id) VALUES (?), (?)", k[0], k[2]);
    assertThat(plan.destination()).isEqualTo(new Destination.Shard(owner(k[0])));
    assertThat(plan.shardSql()).isNull();
    assertThatThrownBy(() -> route("INSERT INTO users (user_id) VALUES (?), (?)", k[0], null))
        .hasFieldOrPropertyWithValue("SQLState", "SW003");
    assertThatThrownBy(() -> route("INSERT INTO users (user_id) VALUES (1), (DEFAULT)"))
        .hasFieldOrPropertyWithValue("SQLState", "SW002");
  }

  @Test
  void upsertsRouteLikeTheirInsert_unlessTheySetTheKey() throws Exception {
    long[] k = keys();
    assertThat(
            route(
                    "INSERT INTO users (user_id, name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE"
                        + " SET name = EXCLUDED.name",
                    k[1],
                    "x")
                .destination())
        .isEqualTo(new Destination.Shard(owner(k[1])));
    assertThat(
            route(
                    "INSERT INTO users (user_id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name ="
                        + " VALUES(name)",
                    k[1],
                    "x")
                .destination())
        .isEqualTo(new Destination.Shard(owner(k[1])));
    assertThatThrownBy(
            () ->
                route(
                    "INSERT INTO users (user_id) VALUES (?) ON DUPLICATE KEY UPDATE user_id = 9",
                    k[0]))
        .hasFieldOrPropertyWithValue("SQLState", "SW004");
    assertThatThrownBy(
            () ->
                route(
                    "INSERT INTO users (user_id) VALUES (?) ON CONFLICT (user_id) DO UPDATE SET"
                        + " user_id = 9",
                    k[0]))
        .hasFieldOrPropertyWithValue("SQLState", "SW004");
  }

  @Test
  void updateOfTheKeyRunsOnlyWhenTheRowStaysOnItsShard() throws Exception {
    long[] k = keys();
    String sql = "UPDATE users SET user_id = ?, name = 'moved' WHERE user_id = ?";
    assertThat(route(sql, k[2], k[0]).destination()).isEqualTo(new Destination.Shard(owner(k[0])));
    assertThatThrownBy(() -> route(sql, k[1], k[0]))
        .hasFieldOrPropertyWithValue("SQLState", "SW004")
        .hasMessageContaining("could move the row to another shard");
    assertThatThrownBy(() -> route("UPDATE users SET user_id = user_id + 1 WHERE user_id = 1"))
        .hasFieldOrPropertyWithValue("SQLState", "SW004");
    assertThatThrownBy(() -> route("UPDATE users SET user_id = 5 WHERE name = 'x'"))
        .hasFieldOrPropertyWithValue("SQLState", "SW004");
  }

  @Test
  void insertSelectRunsOnlyOnOneShard() throws Exception {
    long[] k = keys();
    assertThat(
            route(
                    "INSERT INTO orders (order_id, user_id) SELECT user_id * 100, user_id FROM users"
                        + " WHERE user_id = ?",
                    k[1])
                .destination())
        .isEqualTo(new Destination.Shard(owner(k[1])));
    assertThat(
            route(
                    "INSERT INTO orders (order_id, user_id) SELECT 1, ? FROM users WHERE user_id = ?",
                    k[2],
                    k[0])
                .destination())
        .isEqualTo(new Destination.Shard(owner(k[0])));
    assertThatThrownBy(
            () ->
                route(
                    "INSERT INTO orders (order_id, user_id) SELECT 1, ? FROM users WHERE user_id = ?",
                    k[1],
                    k[0]))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("different shards");
    assertThatThrownBy(
            () ->
                route("INSERT INTO orders (order_id, user_id) SELECT user_id, user_id FROM users"))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("must fix the shard key");
    assertThat(
            route("INSERT INTO orders (order_id, user_id) SELECT 7, ? FROM countries", k[1])
                .destination())
        .isEqualTo(new Destination.Shard(owner(k[1])));
  }

  @Test
  void inListIsPrunedPerShard() throws Exception {
    long[] k = keys();
    RoutePlan update =
        route(
            "UPDATE users SET name = ? WHERE user_id IN (?, ?, ?) AND name <> ?",
            "n",
            k[0],
            k[1],
            k[2],
            "z");
    ShardSql first = of(update, owner(k[0]));
    assertThat(first.sql())
        .isEqualTo("UPDATE users SET name = ? WHERE user_id IN (?, ?) AND name <> ?");
    assertThat(first.parameters()).containsExactly(1, 2, 4, 5);
    assertThat(of(update, owner(k[1])).sql())
        .isEqualTo("UPDATE users SET name = ? WHERE user_id IN (?) AND name <> ?");
    assertThat(of(update, owner(k[1])).parameters()).containsExactly(1, 3, 5);

    RoutePlan select =
        route(
            "SELECT name FROM users WHERE user_id IN ("
                + k[0]
                + ", "
                + k[1]
                + ", NULL) ORDER BY name LIMIT ?",
            5);
    assertThat(of(select, owner(k[1])).sql())
        .isEqualTo(
            "SELECT name FROM users WHERE user_id IN (" + k[1] + ", NULL) ORDER BY name LIMIT ?");
    assertThat(of(select, owner(k[1])).parameters()).containsExactly(1);
  }

  @Test
  void shardHintSendsTheStatementThere_andMustAgreeWithAKey() throws Exception {
    String other = router.shardNames().get(2);
    RoutePlan plan = route("/* shardwise:shard=" + other + " */ SELECT COUNT(*) FROM users");
    assertThat(plan.destination()).isEqualTo(new Destination.Shard(other));
    assertThat(plan.role()).isEqualTo(NodeRole.REPLICA);
    assertThat(plan.merge()).isNull();
    RoutePlan primary =
        route("/* shardwise:shard=" + other + " shardwise:primary */ SELECT COUNT(*) FROM users");
    assertThat(primary.role()).isEqualTo(NodeRole.PRIMARY);
    assertThatThrownBy(() -> route("/* shardwise:shard=nope */ SELECT 1"))
        .hasFieldOrPropertyWithValue("SQLState", "SW012")
        .hasMessageContaining("names no shard");
    assertThat(route("SELECT 'shardwise:shard=nope' FROM users WHERE user_id = 1").destination())
        .isEqualTo(new Destination.Shard(owner(1)));
    long[] k = keys();
    String wrong = owner(k[1]);
    assertThatThrownBy(
            () ->
                route(
                    "/* shardwise:shard=" + wrong + " */ INSERT INTO users (user_id) VALUES (?)",
                    k[0]))
        .hasFieldOrPropertyWithValue("SQLState", "SW012")
        .hasMessageContaining("disagrees with the shard key");
    SessionState hinted = TestSession.hintedTo(other);
    assertThat(
            router.route("SELECT COUNT(*) FROM orders", ParameterValues.NONE, hinted).destination())
        .isEqualTo(new Destination.Shard(other));
  }

  /**
   * The rewritten SQL per dialect: the rewrites cut the application's own text (or, for a
   * cross-shard SELECT, keep its LIMIT / FETCH form), so each shard gets SQL of the dialect the
   * application wrote. Printed for the record; asserted on the parts that differ by dialect.
   */
  @Test
  void rewrittenSqlStaysInTheApplicationsDialect() throws Exception {
    long[] k = keys();
    List<String[]> cases = new ArrayList<>();
    cases.add(
        new String[] {
          "postgresql",
          "INSERT INTO \"users\" (\"user_id\", name) VALUES (?, 'a'), (?, 'b') ON CONFLICT (user_id)"
              + " DO NOTHING",
          "ON CONFLICT (user_id) DO NOTHING"
        });
    cases.add(
        new String[] {
          "mysql/mariadb",
          "INSERT INTO `users` (`user_id`, name) VALUES (?, 'a'), (?, 'b') ON DUPLICATE KEY UPDATE"
              + " name = VALUES(name)",
          "`user_id`"
        });
    cases.add(
        new String[] {
          "h2", "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')", "VALUES (?, 'b')"
        });
    for (String[] c : cases) {
      RoutePlan plan = route(c[1], k[0], k[1]);
      System.out.println("[dialect " + c[0] + "] " + c[1]);
      plan.shardSql().forEach(s -> System.out.println("    " + s));
      assertThat(plan.shardSql()).hasSize(2);
      assertThat(plan.shardSql()).anySatisfy(s -> assertThat(s.sql()).contains(c[2]));
    }
    String[][] selects = {
      {
        "postgresql/h2",
        "SELECT name FROM users ORDER BY name OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY",
        "FETCH FIRST 5 ROWS ONLY"
      },
      {"mysql/mariadb", "SELECT name FROM `users` ORDER BY name LIMIT 2, 3", "LIMIT 5"},
      {"all", "SELECT name FROM users ORDER BY name LIMIT 3 OFFSET 2", "LIMIT 5"},
    };
    for (String[] c : selects) {
      RoutePlan plan = route(c[1]);
      System.out.println("[dialect " + c[0] + "] " + c[1] + "\n    " + plan.merge().shardSql());
      assertThat(plan.merge().shardSql()).contains(c[2]).doesNotContainIgnoringCase("OFFSET");
    }
  }
}
