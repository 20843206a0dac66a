package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A seeded differential fuzz of the SQL analyser and hint scanner: random statements over the same
 * data in one plain H2 database and, through shardwise, in four H2 shards. String literals hold
 * quotes, backslashes, {@code $$}, comment markers and hint text; conditions nest parentheses,
 * subqueries, long IN lists and OR chains. Every statement must give the plain database's answer or
 * be refused with an {@link SQLException} that has an SQLState; never another answer, never another
 * exception, and each within {@link #BOUND}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2HostileSqlFuzzTest {

  private static final long SEED = 20261204L;
  private static final int STATEMENTS = 300;
  private static final int USERS = 60;
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Pieces of string values: each must survive inside a literal without becoming SQL. */
  private static final String[] PIECES = {
    "\\",
    "'",
    "''",
    "$$",
    "/*",
    "*/",
    "--",
    "#",
    "\"",
    "`",
    " shardwise:shard=s2 ",
    "/* shardwise:shard=s3 */",
    "-- shardwise:shard=s4\n",
    "shardwise:primary",
    "$tag$",
    "/*!",
    "\n",
    "x",
    "ab",
    " OR user_id = 1 ",
  };

  private H2Shards shards;
  private Connection plain;
  private Connection sharded;
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  void load() throws Exception {
    plain =
        DriverManager.getConnection(
            "jdbc:h2:mem:fuzz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    shards = new H2Shards(4, "");
    sharded = DriverManager.getConnection(shards.url());
    Random random = new Random(SEED);
    for (int i = 1; i <= USERS; i++) {
      names.add(randomText(random, 4) + i);
    }
    for (Connection c : List.of(plain, sharded)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(400), age INT)");
      }
      try (PreparedStatement p =
          c.prepareStatement("INSERT INTO users (user_id, name, age) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= USERS; i++) {
          p.setLong(1, i);
          p.setString(2, names.get(i - 1));
          p.setInt(3, 18 + i % 50);
          p.executeUpdate();
        }
      }
    }
  }

  @AfterAll
  void close() throws Exception {
    sharded.close();
    try (Statement s = plain.createStatement()) {
      s.execute("SHUTDOWN");
    }
    shards.close();
  }

  @Test
  void everyStatementGivesTheSingleDatabaseAnswerOrAnSqlState() throws Exception {
    Random random = new Random(SEED);
    int answered = 0;
    int refused = 0;
    java.util.Map<String, Integer> states = new java.util.TreeMap<>();
    long slowest = 0;
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < STATEMENTS && failures.size() < 5; n++) {
      Generated statement = statement(random);
      String plainAnswer = run(plain, statement);
      long start = System.nanoTime();
      String shardedAnswer;
      try {
        shardedAnswer = run(sharded, statement);
      } catch (SQLException e) {
        if (e.getSQLState() == null) {
          failures.add("no SQLState: " + e + " for " + statement);
        }
        refused++;
        states.merge(String.valueOf(e.getSQLState()), 1, Integer::sum);
        shardedAnswer = null;
      } catch (RuntimeException | Error e) {
        failures.add("not an SQLException: " + e + " for " + statement);
        continue;
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      slowest = Math.max(slowest, took.toMillis());
      if (took.compareTo(BOUND) > 0) {
        failures.add("took " + took.toMillis() + " ms: " + statement);
      }
      if (shardedAnswer != null) {
        answered++;
        if (!shardedAnswer.equals(plainAnswer)) {
          failures.add(
              "different answer: "
                  + shortened(shardedAnswer)
                  + " instead of "
                  + shortened(plainAnswer)
                  + " for "
                  + statement);
        }
      }
    }
    System.out.printf(
        "[fuzz] %d statements (seed %d): %d answered as one database does, %d refused %s;"
            + " slowest %d ms%n",
        answered + refused, SEED, answered, refused, states, slowest);
    assertThat(failures).isEmpty();
    assertThat(answered).isGreaterThan(STATEMENTS / 2);
  }

  /** A statement and its parameters. */
  record Generated(String sql, List<Object> params) {
    @Override
    public String toString() {
      return shortened(sql) + (params.isEmpty() ? "" : " " + shortened(params.toString()));
    }
  }

  private static String shortened(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "… (" + text.length() + ")";
  }

  /** The answer as text: every row, in order (each statement orders totally or aggregates). */
  private static String run(Connection c, Generated statement) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(statement.sql())) {
      for (int i = 0; i < statement.params().size(); i++) {
        p.setObject(i + 1, statement.params().get(i));
      }
      StringBuilder out = new StringBuilder();
      try (ResultSet rs = p.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            out.append(rs.getString(i)).append('|');
          }
          out.append('\n');
        }
      }
      return out.toString();
    }
  }

  private Generated statement(Random random) {
    List<Object> params = new ArrayList<>();
    String where = condition(random, params, 0);
    String head =
        switch (random.nextInt(3)) {
          case 0 -> "SELECT COUNT(*), SUM(user_id), MIN(name) FROM users";
          case 1 -> "SELECT user_id, name FROM users";
          default -> "SELECT user_id, age FROM users";
        };
    String tail = head.contains("COUNT") ? "" : " ORDER BY user_id";
    String sql = comment(random) + head + " WHERE " + where + tail + comment(random);
    return new Generated(sql, params);
  }

  private String condition(Random random, List<Object> params, int depth) {
    int choice = random.nextInt(depth > 3 ? 9 : 14);
    return switch (choice) {
      case 0, 1 -> "user_id = " + key(random, params);
      case 2 -> "name <> " + literal(random);
      case 3 -> "name = " + knownName(random);
      case 4 -> "user_id IN (" + list(random, params, random.nextInt(8) + 1) + ")";
      case 5 -> "user_id IN (" + list(random, params, 64 + random.nextInt(200)) + ")";
      case 6 -> orChain(random, params);
      case 7 -> "age > " + random.nextInt(70);
      case 8 -> parentheses(random, "user_id = " + key(random, params));
      case 9, 10 ->
          condition(random, params, depth + 1)
              + (random.nextBoolean() ? " AND " : " OR ")
              + comment(random)
              + condition(random, params, depth + 1);
      case 11 -> "NOT (" + condition(random, params, depth + 1) + ")";
      case 12 -> parentheses(random, condition(random, params, depth + 1));
      default -> subqueries(random, params);
    };
  }

  private static String parentheses(Random random, String inside) {
    int levels = random.nextInt(10) == 0 ? 30 + random.nextInt(20) : random.nextInt(12);
    return "(".repeat(levels) + inside + ")".repeat(levels);
  }

  private String subqueries(Random random, List<Object> params) {
    int levels = random.nextInt(20) == 0 ? 12 + random.nextInt(3) : 1 + random.nextInt(3);
    String inner = "SELECT user_id FROM users WHERE user_id = " + key(random, params);
    for (int i = 1; i < levels; i++) {
      inner = "SELECT user_id FROM users WHERE user_id IN (" + inner + ")";
    }
    return "user_id IN (" + inner + ")";
  }

  private static String orChain(Random random, List<Object> params) {
    int terms = random.nextBoolean() ? 2 + random.nextInt(10) : 64 + random.nextInt(300);
    StringBuilder chain = new StringBuilder();
    for (int i = 0; i < terms; i++) {
      chain.append(i == 0 ? "" : " OR ").append("user_id = ").append(key(random, params));
    }
    return random.nextBoolean() ? "(" + chain + ")" : chain.toString();
  }

  private static String list(Random random, List<Object> params, int items) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < items; i++) {
      list.append(i == 0 ? "" : ", ").append(key(random, params));
    }
    return list.toString();
  }

  /** A key value: a literal, or a parameter bound to one. */
  private static String key(Random random, List<Object> params) {
    long value = 1 + random.nextInt(USERS + 5);
    if (random.nextBoolean()) {
      params.add(value);
      return "?";
    }
    return Long.toString(value);
  }

  /** A comment without a hint (hints in real comments route on purpose), or nothing. */
  private static String comment(Random random) {
    return switch (random.nextInt(40)) {
      case 0, 1, 2, 3 -> " /* a comment 'with' quotes \\ */ ";
      case 4 -> " /* outer /* nested */ still a comment */ "; // refused: SW023
      case 5, 6, 7 -> " -- a line comment ' \\\n ";
      default -> " ";
    };
  }

  private String knownName(Random random) {
    return quoted(names.get(random.nextInt(USERS)), random);
  }

  private static String literal(Random random) {
    return quoted(randomText(random, 1 + random.nextInt(6)), random);
  }

  /** {@code text} as an H2 literal: in single quotes, or dollar quotes when it allows. */
  private static String quoted(String text, Random random) {
    if (!text.contains("$$") && !text.endsWith("$") && random.nextInt(4) == 0) {
      return "$$" + text + "$$";
    }
    return "'" + text.replace("'", "''") + "'";
  }

  private static String randomText(Random random, int pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }
}
