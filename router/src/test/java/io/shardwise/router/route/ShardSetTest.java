package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.RoutingException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shard-key extraction over the whole WHERE tree: the set of shards a statement needs. */
class ShardSetTest {

  private final Router router = TestMaps.router(UnanalysablePolicy.REFUSE);

  private Destination destination(String sql, Object... params) throws RoutingException {
    return router
        .route(sql, ParameterValues.of(Arrays.asList(params)), SessionState.AUTOCOMMIT)
        .destination();
  }

  /** What the owners of {@code keys} make: one Shard, or Shards in name order. */
  private Destination owners(long... keys) throws RoutingException {
    TreeSet<String> names = new TreeSet<>();
    for (long key : keys) {
      names.add(router.ring().shardFor(key));
    }
    return names.size() == 1
        ? new Destination.Shard(names.first())
        : new Destination.Shards(List.copyOf(names));
  }

  /** Keys 1..n owned by at least two different shards, for tests that need a real spread. */
  private long[] spreadKeys() throws RoutingException {
    long a = 1;
    long b = 2;
    while (router.ring().shardFor(b).equals(router.ring().shardFor(a))) {
      b++;
    }
    return new long[] {a, b};
  }

  @Test
  void inListsAndOrsOfEqualitiesPickTheirOwners() throws Exception {
    long[] k = spreadKeys();
    String list = k[0] + ", " + k[1];
    assertThat(destination("SELECT * FROM users WHERE user_id IN (" + list + ")"))
        .isEqualTo(owners(k));
    assertThat(destination("SELECT * FROM users WHERE user_id IN (?, ?)", k[0], k[1]))
        .isEqualTo(owners(k));
    assertThat(destination("SELECT * FROM users WHERE user_id = ? OR ? = user_id", k[0], k[1]))
        .isEqualTo(owners(k));
    assertThat(
            destination(
                "SELECT * FROM users u WHERE (u.user_id = "
                    + k[0]
                    + " OR (\"USERS\".\"USER_ID\" IN (?))) AND u.name LIKE 'a%'",
                k[1]))
        .isEqualTo(owners(k));
    assertThat(destination("SELECT * FROM users WHERE user_id IN (?, ?)", k[0], k[0]))
        .isEqualTo(owners(k[0]));
  }

  @Test
  void andKeepsTheNarrowerSide() throws Exception {
    long[] k = spreadKeys();
    assertThat(
            destination(
                "SELECT * FROM users WHERE user_id IN ("
                    + k[0]
                    + ", "
                    + k[1]
                    + ") AND user_id = "
                    + k[1]))
        .isEqualTo(owners(k[1]));
    assertThat(destination("SELECT * FROM users WHERE name = 'x' AND user_id IN (?)", k[0]))
        .isEqualTo(owners(k[0]));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM users",
        "SELECT * FROM users WHERE user_id > 10",
        "SELECT * FROM users WHERE user_id = 1 OR name = 'x'",
        "SELECT * FROM users WHERE user_id NOT IN (1, 2)",
        "SELECT * FROM users WHERE user_id + 0 = 1",
        "SELECT * FROM users WHERE ABS(user_id) = 1",
        "SELECT * FROM users WHERE user_id BETWEEN 1 AND 3",
        "SELECT * FROM users WHERE NOT (user_id = 1)"
      })
  void rangesFunctionsAndNegationsNeedEveryShard(String sql) throws Exception {
    assertThat(destination(sql)).isEqualTo(new Destination.Shards(List.of("s1", "s2", "s3")));
  }

  @Test
  void nullValuesInAListPickNoShard() throws Exception {
    assertThat(destination("SELECT * FROM users WHERE user_id IN (?, ?)", 7L, null))
        .isEqualTo(owners(7));
    assertThat(destination("SELECT * FROM users WHERE user_id IN (?, ?)", null, null))
        .isEqualTo(new Destination.Shard("s1"));
    assertThatThrownBy(() -> destination("SELECT * FROM users WHERE user_id = NULL"))
        .hasFieldOrPropertyWithValue("SQLState", "SW003");
  }

  @Test
  void updatesAndDeletesWithoutKeyRunOnEveryShard() throws Exception {
    RoutePlan plan =
        router.route(
            "UPDATE users SET name = 'x' WHERE name = 'y'",
            ParameterValues.NONE,
            SessionState.AUTOCOMMIT);
    assertThat(plan.destination()).isEqualTo(new Destination.Shards(List.of("s1", "s2", "s3")));
    assertThat(plan.merge()).isNull();
    long[] k = spreadKeys();
    assertThat(destination("DELETE FROM orders WHERE user_id IN (?, ?)", k[0], k[1]))
        .isEqualTo(owners(k));
  }

  @Test
  void subqueriesAndUnionsRouteOnlyWhenProvablyOnOneShard() throws Exception {
    String union =
        "SELECT name FROM users WHERE user_id = ? UNION SELECT name FROM users WHERE user_id = ?";
    assertThat(destination(union, 5L, 5L)).isEqualTo(owners(5));
    long[] k = spreadKeys();
    assertThatThrownBy(() -> destination(union, k[0], k[1]))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("live on different shards");
    assertThat(
            destination(
                "SELECT * FROM users WHERE user_id = 3 AND name IN"
                    + " (SELECT status FROM orders WHERE user_id = 3)"))
        .isEqualTo(owners(3));
    assertThatThrownBy(
            () -> destination("SELECT * FROM users WHERE user_id IN (SELECT user_id FROM orders)"))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("does not fix the shard key to one value");
  }

  @Test
  void joinsMixingGroupsAreRefused() {
    Router mixed = TestMaps.routerWithSecondGroup();
    assertThatThrownBy(
            () ->
                mixed.route(
                    "SELECT * FROM users u JOIN events e ON e.user_id = u.user_id",
                    ParameterValues.NONE,
                    SessionState.AUTOCOMMIT))
        .hasFieldOrPropertyWithValue("SQLState", "SW005")
        .hasMessageContaining("different table groups");
  }
}
