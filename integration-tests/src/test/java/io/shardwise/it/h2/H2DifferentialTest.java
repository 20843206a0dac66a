package io.shardwise.it.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential test of cross-shard reads: the same seeded data in one plain H2 database and,
 * through shardwise, in four H2 shards; every query of the corpus must return the same answer both
 * ways (in the same order where the query's ORDER BY is total), with the same column labels.
 * Statements shardwise cannot answer exactly must be refused with their reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class H2DifferentialTest {

  private static final long SEED = 20240611L;
  private static final int USERS = 240;
  private static final int ORDERS = 1500;
  private static final String[] COUNTRIES = {"FR", "DE", "US", "JP", "BR"};
  private static final String[] STATUSES = {"new", "paid", "shipped", "void"};

  private H2Shards shards;
  private Connection plain;
  private Connection sharded;

  /** One corpus query: {@code ordered} when its ORDER BY is a total order of the result. */
  record Query(String sql, boolean ordered, Object... params) {
    @Override
    public String toString() {
      return sql + (params.length == 0 ? "" : " " + Arrays.toString(params));
    }
  }

  /** The one plain database the answers are compared with. Subclasses use other engines. */
  protected Connection openPlain() throws Exception {
    return DriverManager.getConnection(
        "jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /**
   * The shardwise URL of four shards whose map shards users and orders by user_id in one table
   * group and broadcasts countries; notes is unsharded.
   */
  protected String openShards() throws Exception {
    shards = new H2Shards(4, "");
    return shards.url();
  }

  protected void closeShards() throws Exception {
    if (shards != null) {
      shards.close();
    }
  }

  /** The ring of the shard map, to pick keys on different shards. */
  protected io.shardwise.router.ring.HashRing ring() throws Exception {
    return shards.ring();
  }

  /** False for engines whose SQL has no {@code NULLS FIRST/LAST} (MariaDB). */
  protected boolean supportsNullsFirstLast() {
    return true;
  }

  /** The shard-key column as a quoted identifier, in the engine's case and quotes. */
  protected String quotedKey() {
    return "\"USER_ID\"";
  }

  @BeforeAll
  void load() throws Exception {
    plain = openPlain();
    sharded = DriverManager.getConnection(openShards());
    for (Connection c : List.of(plain, sharded)) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20), country CHAR(2),"
                + " age INT, score DECIMAL(10,2))");
        s.execute(
            "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, user_id BIGINT, total"
                + " DECIMAL(10,2), status VARCHAR(10), qty INT)");
        s.execute("CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(20))");
        s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20))");
      }
      insertAll(c);
    }
  }

  private static void insertAll(Connection c) throws SQLException {
    Random random = new Random(SEED);
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO countries (code, name) VALUES (?, ?)")) {
      for (String code : COUNTRIES) {
        p.setString(1, code);
        p.setString(2, "country " + code);
        p.executeUpdate();
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO users (user_id, name, country, age, score) VALUES (?, ?, ?, ?, ?)")) {
      for (long id = 1; id <= USERS; id++) {
        p.setLong(1, id);
        p.setString(2, "user-" + (char) ('a' + random.nextInt(26)) + random.nextInt(1000));
        p.setString(3, COUNTRIES[random.nextInt(COUNTRIES.length)]);
        if (random.nextInt(7) == 0) {
          p.setNull(4, java.sql.Types.INTEGER);
        } else {
          p.setInt(4, 18 + random.nextInt(60));
        }
        p.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(100_000), 2));
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO orders (order_id, user_id, total, status, qty) VALUES (?, ?, ?, ?, ?)")) {
      for (long id = 1; id <= ORDERS; id++) {
        p.setLong(1, id);
        p.setLong(2, 1 + random.nextInt(USERS));
        p.setBigDecimal(3, BigDecimal.valueOf(random.nextInt(50_000), 2));
        p.setString(4, random.nextInt(5) == 0 ? null : STATUSES[random.nextInt(STATUSES.length)]);
        p.setInt(5, 1 + random.nextInt(9));
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO notes (id, body) VALUES (?, ?)")) {
      for (int id = 1; id <= 10; id++) {
        p.setInt(1, id);
        p.setString(2, "note " + id);
        p.executeUpdate();
      }
    }
  }

  @AfterAll
  void close() throws Exception {
    // null when set-up stopped early: a real engine's topology that is not running is skipped
    if (sharded != null) {
      sharded.close();
    }
    if (plain != null) {
      plain.close();
    }
    closeShards();
  }

  // ---- the corpus --------------------------------------------------------------------------

  Stream<Query> corpus() {
    List<Query> q = new ArrayList<>();
    Random random = new Random(7);
    // point queries, IN lists, ORs of equalities, ranges
    for (int i = 0; i < 8; i++) {
      long k = 1 + random.nextInt(USERS);
      q.add(new Query("SELECT * FROM users WHERE user_id = " + k, true));
      q.add(
          new Query(
              "SELECT order_id, total, status FROM orders WHERE user_id = ? ORDER BY order_id",
              true,
              k));
    }
    for (int i = 0; i < 8; i++) {
      long a = 1 + random.nextInt(USERS);
      long b = 1 + random.nextInt(USERS);
      long c = 1 + random.nextInt(USERS);
      q.add(
          new Query(
              "SELECT user_id, name FROM users WHERE user_id IN ("
                  + a
                  + ", "
                  + b
                  + ", "
                  + c
                  + ") ORDER BY user_id",
              true));
      q.add(new Query("SELECT * FROM orders WHERE user_id IN (?, ?) AND qty > 3", false, a, b));
      q.add(
          new Query(
              "SELECT name FROM users u WHERE (u.user_id = "
                  + a
                  + " OR u."
                  + quotedKey()
                  + " = ?) AND u.age IS NOT NULL",
              false,
              b));
      q.add(
          new Query(
              "SELECT COUNT(*), SUM(total) FROM orders WHERE user_id IN ("
                  + a
                  + ", "
                  + b
                  + ", "
                  + c
                  + ")",
              true));
    }
    for (int i = 0; i < 5; i++) {
      long a = 1 + random.nextInt(USERS - 30);
      q.add(
          new Query(
              "SELECT order_id, user_id, total FROM orders WHERE user_id BETWEEN "
                  + a
                  + " AND "
                  + (a + 20)
                  + " ORDER BY order_id",
              true));
      q.add(
          new Query(
              "SELECT user_id FROM users WHERE user_id > " + a + " AND user_id <= " + (a + 25),
              false));
    }
    // ORDER BY with LIMIT/OFFSET, ASC/DESC mixes, NULL ordering
    String[] sortColumns = {"age", "name", "score", "country"};
    String[] directions = {"", " ASC", " DESC"};
    String[] nulls = {"", " NULLS FIRST", " NULLS LAST"};
    for (String column : sortColumns) {
      for (String direction : directions) {
        for (String nullOrder : nulls) {
          if (!column.equals("age") && !nullOrder.isEmpty()) {
            continue;
          }
          String order =
              column
                  + direction
                  + nullOrder
                  + ", user_id"
                  + (direction.contains("DESC") ? "" : " DESC");
          q.add(
              new Query(
                  "SELECT user_id, name, age, score FROM users ORDER BY " + order + " LIMIT 15",
                  true));
          q.add(
              new Query(
                  "SELECT user_id, "
                      + column
                      + " FROM users ORDER BY "
                      + order
                      + " LIMIT 10 OFFSET 17",
                  true));
        }
      }
    }
    q.add(
        new Query(
            "SELECT user_id, age FROM users ORDER BY age DESC NULLS FIRST, score, user_id OFFSET 5 ROWS FETCH FIRST 12 ROWS ONLY",
            true));
    q.add(new Query("SELECT name FROM users ORDER BY age, user_id", true));
    q.add(
        new Query(
            "SELECT order_id, total FROM orders ORDER BY total DESC, order_id LIMIT ? OFFSET ?",
            true,
            7,
            30));
    q.add(
        new Query(
            "SELECT order_id FROM orders WHERE status = ? ORDER BY qty DESC, order_id LIMIT ?",
            true,
            "paid",
            9));
    q.add(
        new Query(
            "SELECT order_id, status FROM orders ORDER BY status NULLS LAST, order_id DESC LIMIT 25",
            true));
    q.add(
        new Query(
            "SELECT order_id, total * qty AS amount FROM orders ORDER BY amount DESC, order_id LIMIT 12",
            true));
    q.add(new Query("SELECT order_id FROM orders ORDER BY total * qty, order_id LIMIT 12", true));
    q.add(new Query("SELECT * FROM orders ORDER BY total DESC, order_id LIMIT 8", true));
    q.add(
        new Query(
            "SELECT o.order_id AS id FROM orders o ORDER BY o.total, id LIMIT 5 OFFSET 100", true));
    q.add(new Query("SELECT order_id FROM orders ORDER BY order_id OFFSET 1490 ROWS", true));
    q.add(new Query("SELECT order_id FROM orders ORDER BY order_id LIMIT 0", true));
    q.add(new Query("SELECT * FROM users", false));
    q.add(new Query("SELECT name, country FROM users WHERE age > 60", false));
    // aggregates
    String[] wheres = {
      "",
      " WHERE qty > 4",
      " WHERE status IS NULL",
      " WHERE total < 0",
      " WHERE status = 'paid' AND qty <> 2"
    };
    for (String where : wheres) {
      q.add(new Query("SELECT COUNT(*) FROM orders" + where, true));
      q.add(
          new Query(
              "SELECT COUNT(status), SUM(total), MIN(total), MAX(total) FROM orders" + where,
              true));
      q.add(
          new Query(
              "SELECT AVG(total) AS avg_total, AVG(qty), COUNT(*) AS n FROM orders" + where, true));
      q.add(new Query("SELECT MIN(status), MAX(status), SUM(qty) FROM orders" + where, true));
    }
    q.add(
        new Query("SELECT COUNT(age), AVG(age), MIN(age), MAX(age), SUM(score) FROM users", true));
    q.add(new Query("SELECT COUNT(DISTINCT user_id) FROM orders", true));
    q.add(new Query("SELECT COUNT(DISTINCT user_id) FROM orders WHERE total > 300", true));
    q.add(new Query("SELECT MAX(DISTINCT qty), MIN(DISTINCT total) FROM orders", true));
    // GROUP BY, HAVING
    String[] keys = {"status", "qty", "country", "age"};
    for (String key : keys) {
      String table = key.equals("status") || key.equals("qty") ? "orders" : "users";
      String measure = table.equals("orders") ? "total" : "score";
      q.add(new Query("SELECT " + key + ", COUNT(*) FROM " + table + " GROUP BY " + key, false));
      q.add(
          new Query(
              "SELECT "
                  + key
                  + ", COUNT(*) AS n, SUM("
                  + measure
                  + "), AVG("
                  + measure
                  + ") FROM "
                  + table
                  + " GROUP BY "
                  + key
                  + " ORDER BY "
                  + key
                  + " NULLS FIRST",
              true));
      q.add(
          new Query(
              "SELECT "
                  + key
                  + ", MAX("
                  + measure
                  + ") FROM "
                  + table
                  + " GROUP BY "
                  + key
                  + " HAVING COUNT(*) > 40 ORDER BY 2 DESC",
              true));
      q.add(
          new Query(
              "SELECT "
                  + key
                  + " FROM "
                  + table
                  + " GROUP BY "
                  + key
                  + " HAVING SUM("
                  + measure
                  + ") >= 1000 AND MIN("
                  + measure
                  + ") < 50 ORDER BY "
                  + key
                  + " DESC NULLS LAST",
              true));
      q.add(
          new Query(
              "SELECT COUNT(*) FROM "
                  + table
                  + " GROUP BY "
                  + key
                  + " ORDER BY COUNT(*) DESC, MIN("
                  + key
                  + ") LIMIT 3",
              false));
    }
    q.add(
        new Query(
            "SELECT status, qty, SUM(total) FROM orders GROUP BY status, qty ORDER BY status, qty LIMIT 10 OFFSET 3",
            true));
    q.add(
        new Query(
            "SELECT qty % 3 AS bucket, COUNT(*) FROM orders GROUP BY qty % 3 ORDER BY bucket",
            true));
    q.add(
        new Query(
            "SELECT status, COUNT(*) FROM orders GROUP BY status HAVING status IS NOT NULL AND NOT (COUNT(*) < 100) ORDER BY status",
            true));
    q.add(
        new Query(
            "SELECT status, AVG(qty) FROM orders WHERE total > ? GROUP BY status HAVING AVG(qty) > 4.5 OR status IS NULL ORDER BY status",
            true,
            new BigDecimal("100.00")));
    q.add(
        new Query(
            "SELECT user_id, COUNT(*), SUM(total) FROM orders GROUP BY user_id HAVING COUNT(*) > 8 ORDER BY SUM(total) DESC, user_id LIMIT 10",
            true));
    q.add(
        new Query(
            "SELECT user_id, MAX(total) FROM orders GROUP BY user_id ORDER BY user_id LIMIT 20 OFFSET 5",
            true));
    q.add(
        new Query(
            "SELECT status, COUNT(*) FROM orders WHERE user_id IN (3, 5, 7, 11, 13) GROUP BY status ORDER BY status NULLS FIRST",
            true));
    // DISTINCT
    q.add(new Query("SELECT DISTINCT country FROM users", false));
    q.add(new Query("SELECT DISTINCT status FROM orders ORDER BY status", true));
    q.add(
        new Query(
            "SELECT DISTINCT qty, status FROM orders WHERE qty < 4 ORDER BY qty DESC, status NULLS FIRST",
            true));
    q.add(
        new Query(
            "SELECT DISTINCT country, age FROM users ORDER BY country, age NULLS LAST LIMIT 7",
            true));
    q.add(new Query("SELECT DISTINCT user_id FROM orders ORDER BY user_id LIMIT 30", true));
    // joins inside the table group, and with the broadcast table
    q.add(
        new Query(
            "SELECT u.name, o.order_id, o.total FROM users u JOIN orders o ON o.user_id = u.user_id WHERE u.country = 'FR' ORDER BY o.order_id",
            true));
    q.add(
        new Query(
            "SELECT u.user_id, COUNT(o.order_id) FROM users u LEFT JOIN orders o ON o.user_id = u.user_id GROUP BY u.user_id ORDER BY u.user_id",
            true));
    q.add(
        new Query(
            "SELECT u.country, COUNT(*), SUM(o.total) FROM users u JOIN orders o ON u.user_id = o.user_id GROUP BY u.country ORDER BY u.country",
            true));
    q.add(
        new Query(
            "SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.user_id WHERE u.user_id = 17 ORDER BY o.total, o.order_id",
            true));
    q.add(
        new Query(
            "SELECT o.order_id, u.age FROM orders o JOIN users u ON u.user_id = o.user_id WHERE o.user_id IN (?, ?, ?) ORDER BY o.order_id",
            true,
            4L,
            40L,
            140L));
    q.add(
        new Query(
            "SELECT u.user_id, o.order_id FROM users u JOIN orders o USING (user_id) WHERE o.qty = 9 ORDER BY o.order_id LIMIT 20",
            true));
    q.add(
        new Query(
            "SELECT u.user_id, c.name FROM users u JOIN countries c ON c.code = u.country ORDER BY u.user_id LIMIT 20",
            true));
    q.add(
        new Query(
            "SELECT c.name, COUNT(*) FROM users u JOIN countries c ON c.code = u.country GROUP BY c.name ORDER BY c.name",
            true));
    q.add(
        new Query(
            "SELECT c.code, AVG(o.total) FROM orders o JOIN users u ON u.user_id = o.user_id JOIN countries c ON c.code = u.country GROUP BY c.code ORDER BY 1",
            true));
    q.add(
        new Query(
            "SELECT u.name, c.name FROM users u JOIN countries c ON c.code = u.country WHERE u.user_id = 99",
            true));
    // broadcast, unsharded and table-free reads
    q.add(new Query("SELECT * FROM countries ORDER BY code", true));
    q.add(new Query("SELECT COUNT(*) FROM notes", true));
    q.add(new Query("SELECT body FROM notes WHERE id > 4 ORDER BY id DESC", true));
    q.add(new Query("SELECT 1 + 1 AS two", true));
    // subqueries and UNION that provably live on one shard
    q.add(
        new Query(
            "SELECT name FROM users WHERE user_id = 12 UNION ALL SELECT status FROM orders WHERE user_id = 12",
            false));
    q.add(
        new Query(
            "SELECT order_id FROM orders WHERE user_id = 33 AND total > (SELECT AVG(total) FROM orders WHERE user_id = 33)",
            false));
    return q.stream();
  }

  /** The corpus in this engine's SQL: queries it cannot parse are left out. */
  Stream<Query> corpusForEngine() {
    return corpus().filter(q -> supportsNullsFirstLast() || !q.sql().contains(" NULLS "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusForEngine")
  void shardedAnswerEqualsTheSingleDatabaseAnswer(Query query) throws Exception {
    Answer expected = run(plain, query);
    Answer actual = run(sharded, query);
    assertThat(actual.labels).as("column labels").isEqualTo(expected.labels);
    if (query.ordered()) {
      assertThat(actual.rows).as("rows in order").isEqualTo(expected.rows);
    } else {
      assertThat(actual.rows)
          .as("rows in any order")
          .containsExactlyInAnyOrderElementsOf(expected.rows);
    }
  }

  @org.junit.jupiter.api.Test
  void theCorpusIsLargeEnoughAndNotTrivial() throws Exception {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(150);
  }

  /**
   * Rows of a merge without grouping are read in place on their shard's result set, so every getter
   * answers exactly what the engine's own driver answers on one database (getString of a DECIMAL
   * keeps its scale, of a CHAR its padding, wasNull follows the engine).
   */
  @org.junit.jupiter.api.Test
  void everyGetterOfAMergedRowAnswersAsTheEngineDoes() throws Exception {
    String sql =
        "SELECT user_id, name, country, age, score FROM users WHERE user_id > ? ORDER BY user_id"
            + " LIMIT 40";
    List<List<Object>> expected = getters(plain, sql);
    List<List<Object>> actual = getters(sharded, sql);
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(actual).isEqualTo(expected);
  }

  private static List<List<Object>> getters(Connection c, String sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, 0);
      try (ResultSet rs = p.executeQuery()) {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          row.add(rs.getLong(1));
          row.add(rs.getString("name"));
          row.add(rs.getString(3));
          row.add(rs.getInt(4));
          row.add(rs.wasNull());
          row.add(rs.getString(5));
          row.add(rs.getBigDecimal(5));
          row.add(rs.getObject(5, BigDecimal.class));
          row.add(rs.getDouble("score"));
          rows.add(row);
        }
        return rows;
      }
    }
  }

  private record Answer(List<String> labels, List<List<Object>> rows) {}

  private static Answer run(Connection c, Query query) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(query.sql())) {
      for (int i = 0; i < query.params().length; i++) {
        p.setObject(i + 1, query.params()[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          labels.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.add(normalize(rs.getObject(i)));
          }
          rows.add(row);
        }
        return new Answer(labels, rows);
      }
    }
  }

  /**
   * Numbers compare by value to 12 significant digits: an AVG divides in a different place when
   * merged, and 1 and 1.00 are the same answer.
   */
  private static Object normalize(Object v) {
    if (v instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString()).round(new MathContext(12));
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    return v;
  }

  // ---- what must be refused ----------------------------------------------------------------

  record Refusal(String sql, String fragment, String sqlState) {
    @Override
    public String toString() {
      return sql;
    }
  }

  Stream<Refusal> refusals() throws Exception {
    long a = 1;
    long b = 2;
    while (ring().shardFor(b).equals(ring().shardFor(a))) {
      b++;
    }
    return Stream.of(
        new Refusal(
            "SELECT COUNT(DISTINCT status) FROM orders",
            "exact only as COUNT(DISTINCT shard key)",
            "SW005"),
        new Refusal(
            "SELECT SUM(DISTINCT qty) FROM orders",
            "needs every distinct value in one place",
            "SW005"),
        new Refusal(
            "SELECT SUM(total) / COUNT(*) FROM orders",
            "cannot be recombined from per-shard results",
            "SW005"),
        new Refusal(
            "SELECT status, LISTAGG(order_id, ',') FROM orders GROUP BY status",
            "cannot be recombined",
            "SW005"),
        new Refusal(
            "SELECT order_id, ROW_NUMBER() OVER (ORDER BY total) FROM orders",
            "window functions",
            "SW005"),
        new Refusal(
            "SELECT status FROM orders GROUP BY status HAVING SUM(total) > ?",
            "a ? parameter in HAVING",
            "SW005"),
        new Refusal(
            "SELECT status FROM orders GROUP BY status HAVING MAX(status) LIKE 'p%'",
            "is not evaluated after the merge", "SW005"),
        new Refusal(
            "SELECT * FROM orders GROUP BY order_id, status",
            "SELECT * cannot be grouped",
            "SW005"),
        new Refusal(
            "SELECT DISTINCT status FROM orders ORDER BY qty",
            "not in the DISTINCT select list",
            "SW005"),
        new Refusal(
            "SELECT order_id FROM orders ORDER BY total + ? LIMIT 3",
            "a ? parameter in ORDER BY",
            "SW005"),
        new Refusal(
            "SELECT u.name FROM users u JOIN orders o ON o.order_id = u.user_id",
            "must equate their shard keys",
            "SW005"),
        new Refusal(
            "SELECT u.name FROM users u, orders o", "must equate their shard keys", "SW005"),
        new Refusal(
            "SELECT u.name FROM users u JOIN notes n ON n.id = u.user_id",
            "lives on the default shard",
            "SW005"),
        new Refusal(
            "SELECT * FROM users WHERE user_id IN (SELECT user_id FROM orders WHERE qty = 9)",
            "does not fix the shard key to one value",
            "SW005"),
        new Refusal(
            "SELECT name FROM users UNION SELECT status FROM orders",
            "does not fix the shard key to one value",
            "SW005"),
        new Refusal(
            "SELECT name FROM users WHERE user_id = "
                + a
                + " UNION SELECT name FROM users WHERE user_id = "
                + b,
            "live on different shards",
            "SW005"),
        new Refusal(
            "WITH big AS (SELECT * FROM orders WHERE total > 400) SELECT COUNT(*) FROM big",
            "does not fix the shard key to one value",
            "SW005"),
        new Refusal("SELECT * FROM users WHERE user_id = NULL", "is NULL", "SW003"),
        new Refusal(
            "SELECT order_id FROM orders ORDER BY order_id FETCH FIRST 10 PERCENT ROWS ONLY",
            "PERCENT",
            "SW005"),
        new Refusal(
            "SELECT DISTINCT ON (status) status, order_id FROM orders", "DISTINCT ON", "SW005"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void statementsThatCannotBeAnsweredExactlyAreRefused(Refusal refusal) {
    assertThatThrownBy(
            () -> {
              try (Statement s = sharded.createStatement();
                  ResultSet rs = s.executeQuery(refusal.sql())) {
                rs.next();
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(refusal.fragment())
        .hasFieldOrPropertyWithValue("SQLState", refusal.sqlState());
  }

  @org.junit.jupiter.api.Test
  void multiShardUpdatesAndDeletesAddUpTheirCounts() throws Exception {
    String update = "UPDATE orders SET qty = qty WHERE status = 'void'";
    String delete = "DELETE FROM notes WHERE id > 100";
    for (String sql : List.of(update, delete)) {
      try (Statement a = plain.createStatement();
          Statement b = sharded.createStatement()) {
        assertThat(b.executeUpdate(sql)).as(sql).isEqualTo(a.executeUpdate(sql));
      }
    }
    try (PreparedStatement a =
            plain.prepareStatement("UPDATE users SET age = age WHERE user_id IN (?, ?, ?)");
        PreparedStatement b =
            sharded.prepareStatement("UPDATE users SET age = age WHERE user_id IN (?, ?, ?)")) {
      for (PreparedStatement p : List.of(a, b)) {
        p.setLong(1, 3);
        p.setLong(2, 77);
        p.setLong(3, 200);
      }
      assertThat(b.executeUpdate()).isEqualTo(a.executeUpdate()).isEqualTo(3);
    }
  }

  static final Comparator<List<Object>> BY_TEXT = Comparator.comparing(Object::toString);
}
