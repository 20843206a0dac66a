package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.Router;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.sql.LiteralShape;
import io.shardwise.router.sql.SqlAnalyzer;
import io.shardwise.router.sql.SqlLexer;
import io.shardwise.router.sql.StatementTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plain statements that differ only in literal values share one analysis; the template a shape
 * yields for each text must equal what analysing that text afresh yields.
 */
class LiteralShapeCacheTest {

  @Test
  void shapesReplaceNumbersAndStringsButKeepIdentifiersCommentsAndHints() {
    LiteralShape shape =
        LiteralShape.of(
            "/* shardwise:primary */ SELECT t1.c2, \"x 1\" FROM users u1_0 WHERE user_id = 42"
                + " AND name = 'o''brien' AND score > 1.5 -- 7",
            List.of(SqlLexer.Dialect.H2));
    assertThat(shape.literals()).containsExactly("42", "'o''brien'", "1.5");
    assertThat(shape.key())
        .contains("/* shardwise:primary */", "t1.c2", "\"x 1\"", "u1_0", "-- 7")
        .doesNotContain("42", "brien", "1.5");
    assertThat(shape.value(1)).isEqualTo("o'brien");
    assertThat(
            LiteralShape.of("SELECT * FROM users WHERE user_id = ?", List.of(SqlLexer.Dialect.H2)))
        .isNull();
    assertThat(LiteralShape.of("SELECT 0x1F", List.of(SqlLexer.Dialect.H2))).isNull();
  }

  @Test
  void everyTextOfAShapeRoutesAsIfAnalysedAlone() throws Exception {
    Router router = TestMaps.router(UnanalysablePolicy.REFUSE);
    SqlAnalyzer fresh = new SqlAnalyzer(router.shardMap());
    List<String> shapes =
        List.of(
            "SELECT name FROM users WHERE user_id = %s",
            "SELECT name FROM users WHERE user_id = %s AND name = 'x' LIMIT 3",
            "UPDATE orders SET total = 10 WHERE user_id = %s",
            "DELETE FROM orders WHERE user_id = %s AND total > 2.5",
            "INSERT INTO users (user_id, name) VALUES (%s, 'n')",
            "SELECT * FROM audit_log WHERE id = %s",
            "SELECT name FROM users WHERE user_id = '%s'");
    for (String shape : shapes) {
      for (long value = 1; value <= 40; value++) {
        String sql = String.format(shape, value);
        StatementTemplate cached = router.analyse(sql);
        StatementTemplate alone = fresh.analyse(sql);
        assertThat(cached).as(sql).isEqualTo(alone);
        assertThat(router.route(cached, ParameterValues.NONE, SessionState.AUTOCOMMIT))
            .as(sql)
            .isEqualTo(router.route(alone, ParameterValues.NONE, SessionState.AUTOCOMMIT));
      }
    }
  }

  @Test
  void aKeyLiteralThatRepeatsAnotherValueIsAnalysedPerText() throws Exception {
    Router router = TestMaps.router(UnanalysablePolicy.REFUSE);
    SqlAnalyzer fresh = new SqlAnalyzer(router.shardMap());
    for (long value = 1; value <= 20; value++) {
      String sql = "SELECT name FROM users WHERE user_id = " + value + " LIMIT " + value;
      assertThat(router.analyse(sql)).as(sql).isEqualTo(fresh.analyse(sql));
    }
  }
}
