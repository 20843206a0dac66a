package io.shardwise.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardwise.router.config.Engine;
import io.shardwise.router.sql.SqlLexer.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each dialect's lexer leaves as code: literals, quoted identifiers and comments blanked. */
class SqlLexerTest {

  private static String code(String sql, Dialect dialect) {
    return SqlLexer.lex(sql, dialect).code().strip().replaceAll("\\s+", " ");
  }

  @Test
  void aBackslashEscapesAQuoteOnlyOnMariaDbAndInPostgresEStrings() {
    String sql = "a = '\\' AND b = ' c ' AND d";
    assertThat(code(sql, Dialect.POSTGRESQL)).isEqualTo("a = AND b = AND d");
    assertThat(code(sql, Dialect.H2)).isEqualTo("a = AND b = AND d");
    assertThat(code(sql, Dialect.STANDARD)).isEqualTo("a = AND b = AND d");
    assertThat(code(sql, Dialect.MARIADB)).isEqualTo("a = c");
    assertThat(code("a = E'\\' b ' c", Dialect.POSTGRESQL)).isEqualTo("a = E c");
    assertThat(code("a = e'\\' b ' c", Dialect.POSTGRESQL)).isEqualTo("a = e c");
    assertThat(code("see'\\' b ' c", Dialect.POSTGRESQL)).isEqualTo("see b");
  }

  @Test
  void dollarQuotesArePostgresAndH2Strings_butNotParametersOrIdentifiers() {
    assertThat(code("a = $$ x ' y $$ b", Dialect.H2)).isEqualTo("a = b");
    assertThat(code("a = $$ x ' y $$ b", Dialect.POSTGRESQL)).isEqualTo("a = b");
    assertThat(code("a = $q$ $$ ' $q$ b", Dialect.POSTGRESQL)).isEqualTo("a = b");
    assertThat(code("a = $1 AND b = 'x'", Dialect.POSTGRESQL)).isEqualTo("a = $1 AND b =");
    assertThat(code("a$b$ = 'x' c", Dialect.POSTGRESQL)).isEqualTo("a$b$ = c");
    assertThat(code("a = $$ x $$ b", Dialect.MARIADB)).isEqualTo("a = $$ x $$ b");
  }

  @Test
  void commentsFollowEachEngine() {
    assertThat(code("a /* x /* y */ z */ b", Dialect.POSTGRESQL)).isEqualTo("a b");
    assertThat(code("a /* x /* y */ z */ b", Dialect.H2)).isEqualTo("a b");
    assertThat(code("a /* x /* y */ z */ b", Dialect.MARIADB)).isEqualTo("a z */ b");
    assertThat(code("a # x\nb", Dialect.MARIADB)).isEqualTo("a b");
    assertThat(code("a # x\nb", Dialect.POSTGRESQL)).isEqualTo("a # x b");
    assertThat(code("a --1\nb", Dialect.MARIADB)).isEqualTo("a --1 b");
    assertThat(code("a -- 1\nb", Dialect.MARIADB)).isEqualTo("a b");
    assertThat(code("a --1\nb", Dialect.POSTGRESQL)).isEqualTo("a b");
    assertThat(code("a // x\nb", Dialect.H2)).isEqualTo("a b");
    assertThat(code("a // x\nb", Dialect.POSTGRESQL)).isEqualTo("a // x b");
    assertThat(SqlLexer.lex("a /*! b */", Dialect.MARIADB).kind(0))
        .isEqualTo(SqlLexer.Kind.EXECUTABLE_COMMENT);
  }

  @Test
  void quotedIdentifiersAndMariaDbDoubleQuotedStrings() {
    assertThat(code("\"a ' b\" = 1", Dialect.POSTGRESQL)).isEqualTo("= 1");
    assertThat(code("`a ' b` = 1", Dialect.MARIADB)).isEqualTo("= 1");
    assertThat(code("`a ' b` = 1", Dialect.H2)).isEqualTo("= 1");
    assertThat(SqlLexer.lex("a = \"x\\\" y\"", Dialect.MARIADB).kind(0))
        .isEqualTo(SqlLexer.Kind.DOUBLE_QUOTED_STRING);
    assertThat(code("a = \"x\\\" y\" b", Dialect.MARIADB)).isEqualTo("a = b");
  }

  @Test
  void anUnknownEngineNeedsEveryDialectToAgree() {
    List<Dialect> all = Dialect.of(Engine.OTHER);
    assertThat(SqlLexer.distrust(SqlLexer.lex("a = 'x' -- c", all.get(0)), all)).isNull();
    assertThat(SqlLexer.distrust(SqlLexer.lex("a = '\\' -- '", all.get(0)), all))
        .contains("not one known engine");
    assertThat(SqlLexer.distrust(SqlLexer.lex("a = $$x$$", all.get(0)), all)).isNotNull();
    assertThat(SqlLexer.distrust(SqlLexer.lex("a = 1 # x", all.get(0)), all)).isNotNull();
    assertThat(Dialect.of(Engine.MARIADB)).containsExactly(Dialect.MARIADB);
  }
}
