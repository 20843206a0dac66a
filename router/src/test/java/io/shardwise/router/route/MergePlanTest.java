package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.RouteExplainer;
import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.merge.ColumnMerge;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.merge.SortKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How cross-shard SELECTs are rewritten per shard and what the merge does. */
class MergePlanTest {

  private final Router router = TestMaps.router(UnanalysablePolicy.REFUSE);

  private MergePlan plan(String sql) throws RoutingException {
    return router.route(sql, ParameterValues.NONE, SessionState.AUTOCOMMIT).merge();
  }

  @Test
  void limitAndOffsetArePushedDownAsTheirSumAndAppliedAfterTheMerge() throws Exception {
    MergePlan plan = plan("SELECT name FROM users ORDER BY name DESC LIMIT 5 OFFSET 10");
    assertThat(plan.shardSql()).isEqualTo("SELECT name FROM users ORDER BY name DESC LIMIT 15");
    assertThat(plan.order()).containsExactly(new SortKey(1, true, SortKey.Nulls.DEFAULT));
    assertThat(plan.limit().offset()).isEqualTo(10);
    assertThat(plan.limit().count()).isEqualTo(5);
    assertThat(
            plan("SELECT name FROM users ORDER BY 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY")
                .shardSql())
        .isEqualTo("SELECT name FROM users ORDER BY 1 FETCH FIRST 5 ROWS ONLY");
  }

  @Test
  void parameterLimitsAreAppliedAfterTheMerge_notSummedInShardSql() throws Exception {
    // MySQL and MariaDB accept only a literal or one ? after LIMIT: no "LIMIT (? + ?)"
    MergePlan plan = plan("SELECT name FROM users WHERE name > ? ORDER BY name LIMIT ? OFFSET ?");
    assertThat(plan.shardSql()).isEqualTo("SELECT name FROM users WHERE name > ? ORDER BY name");
    assertThat(plan.limit().countParameter()).isEqualTo(2);
    assertThat(plan.limit().offsetParameter()).isEqualTo(3);
    MergePlan literal = plan("SELECT name FROM users ORDER BY name LIMIT 10 OFFSET 5");
    assertThat(literal.shardSql()).isEqualTo("SELECT name FROM users ORDER BY name LIMIT 15");
    MergePlan countOnly = plan("SELECT name FROM users ORDER BY name LIMIT ?");
    assertThat(countOnly.shardSql()).isEqualTo("SELECT name FROM users ORDER BY name LIMIT ?");
  }

  @Test
  void orderKeysNotSelectedAreAddedHidden() throws Exception {
    MergePlan plan = plan("SELECT u.name FROM users u ORDER BY u.age NULLS LAST, name");
    assertThat(plan.shardSql())
        .isEqualTo("SELECT u.name, u.age FROM users u ORDER BY u.age NULLS LAST, name");
    assertThat(plan.hiddenColumns()).isEqualTo(1);
    assertThat(plan.order())
        .containsExactly(
            new SortKey(2, false, SortKey.Nulls.LAST),
            new SortKey(1, false, SortKey.Nulls.DEFAULT));
  }

  @Test
  void keysHiddenBehindAStarCountFromTheRowsEnd() throws Exception {
    MergePlan plan = plan("SELECT * FROM orders ORDER BY total DESC, 1 LIMIT 8");
    assertThat(plan.shardSql())
        .isEqualTo("SELECT *, total FROM orders ORDER BY total DESC, 1 LIMIT 8");
    assertThat(plan.order())
        .containsExactly(
            new SortKey(-1, true, SortKey.Nulls.DEFAULT),
            new SortKey(1, false, SortKey.Nulls.DEFAULT));
  }

  @Test
  void avgBecomesSumOverCountAndHavingMovesAfterTheFold() throws Exception {
    MergePlan plan =
        plan(
            "SELECT status, AVG(total) AS a FROM orders GROUP BY status HAVING COUNT(*) > 2"
                + " ORDER BY a DESC LIMIT 3");
    assertThat(plan.shardSql())
        .isEqualTo(
            "SELECT status, AVG(total) AS a, SUM(total), COUNT(total), COUNT(*) FROM orders GROUP"
                + " BY status");
    assertThat(plan.grouping().columns())
        .containsExactly(
            ColumnMerge.of(ColumnMerge.Kind.KEY),
            new ColumnMerge(ColumnMerge.Kind.AVG, 2, 3),
            ColumnMerge.of(ColumnMerge.Kind.SUM),
            ColumnMerge.of(ColumnMerge.Kind.COUNT),
            ColumnMerge.of(ColumnMerge.Kind.COUNT));
    assertThat(plan.grouping().having()).hasToString("#5 > 2");
    assertThat(plan.hiddenColumns()).isEqualTo(3);
    assertThat(plan.steps()).anyMatch(s -> s.contains("skip 0 row(s) and return 3"));
  }

  @Test
  void groupingByTheShardKeyPassesRowsThrough() throws Exception {
    MergePlan plan =
        plan(
            "SELECT user_id, SUM(total) FROM orders GROUP BY user_id HAVING SUM(total) > 5 LIMIT 4");
    assertThat(plan.grouping()).isNull();
    assertThat(plan.shardSql()).contains("HAVING SUM(total) > 5 LIMIT 4");
    assertThat(plan("SELECT COUNT(DISTINCT user_id) FROM orders").grouping().columns())
        .containsExactly(ColumnMerge.of(ColumnMerge.Kind.COUNT));
  }

  @Test
  void whatCannotBeRecombinedIsRefusedWithTheReason() {
    List<String> refused =
        List.of(
            "SELECT COUNT(DISTINCT status) FROM orders",
            "SELECT SUM(total) * 2 FROM orders",
            "SELECT status, STRING_AGG(note, ',') FROM orders GROUP BY status",
            "SELECT name, ROW_NUMBER() OVER (ORDER BY name) FROM users",
            "SELECT status FROM orders GROUP BY status HAVING SUM(total) > ?",
            "SELECT status FROM orders GROUP BY status HAVING MAX(note) LIKE 'a%'",
            "SELECT * FROM orders GROUP BY status");
    for (String sql : refused) {
      assertThatThrownBy(() -> plan(sql))
          .as(sql)
          .hasFieldOrPropertyWithValue("SQLState", "SW005")
          .hasMessageContaining("cannot be answered exactly");
    }
  }

  @Test
  void explainShowsShardSqlAndMergeSteps() {
    RouteExplainer.Explanation explanation =
        new RouteExplainer(router)
            .explain(
                "SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY 2 DESC",
                ParameterValues.NONE,
                SessionState.AUTOCOMMIT);
    assertThat(explanation.toString())
        .contains("Shards[s1, s2, s3]")
        .contains("shard sql  SELECT status, COUNT(*) FROM orders GROUP BY status")
        .contains("sort the groups on [#2 DESC]");
  }
}
