package io.shardwise.router.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.RouteExplainer;
import io.shardwise.router.Router;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.ring.HashRing;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A declared {@code keyType} applies wherever the router turns a key value into a shard: one key,
 * IN lists, multi-row INSERT rows, the same-shard checks and shard hints. Each test uses a key
 * whose number and text land on different shards without a key type, so it fails if a path skips
 * the conversion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyTypeRoutingTest {

  private static final String MAP =
      """
      version: 1
      shards:
        - { name: s1, primary: { url: "jdbc:h2:mem:kt1" } }
        - { name: s2, primary: { url: "jdbc:h2:mem:kt2" } }
        - { name: s3, primary: { url: "jdbc:h2:mem:kt3" } }
        - { name: s4, primary: { url: "jdbc:h2:mem:kt4" } }
      tables:
        users:     { shardKey: user_id, group: accounts, keyType: integer }
        orders:    { shardKey: user_id, group: accounts, keyType: integer }
        devices:   { shardKey: device_id, keyType: text }
        tokens:    { shardKey: token, keyType: uuid }
        events:    { shardKey: user_id }
        countries: { broadcast: true }
      defaultShard: s1
      """;

  private Router router;
  private HashRing ring;
  private long k; // a number whose text lands elsewhere without a key type
  private String kText;
  private long other; // a number on another shard than k
  private long m; // a number whose text lands where k does, but itself elsewhere

  @BeforeAll
  void setUp() throws Exception {
    ShardMap map = ShardMapLoader.parse(MAP, "keytype.yaml");
    ring = HashRing.of(map.ring(), map.shards());
    router = new Router(map, ring);
    k = 1;
    while (owner(k).equals(owner(Long.toString(k)))) {
      k++;
    }
    kText = Long.toString(k);
    other = 1;
    while (owner(other).equals(owner(k))) {
      other++;
    }
    m = 1;
    while (!owner(Long.toString(m)).equals(owner(k)) || owner(m).equals(owner(k))) {
      m++;
    }
  }

  private String owner(Object key) throws RoutingException {
    return ring.shardFor(key); // as a value of its own family: no key type
  }

  private RoutePlan route(String sql, Object... params) throws RoutingException {
    return router.route(sql, ParameterValues.of(Arrays.asList(params)), SessionState.AUTOCOMMIT);
  }

  private static Destination shard(String name) {
    return new Destination.Shard(name);
  }

  @Test
  void oneKey_textOfANumber_goesWhereTheNumberGoes() throws Exception {
    assertThat(route("SELECT * FROM users WHERE user_id = ?", kText).destination())
        .isEqualTo(shard(owner(k)));
    assertThat(route("SELECT * FROM users WHERE user_id = ?", " " + k + " ").destination())
        .isEqualTo(shard(owner(k)));
    assertThat(route("INSERT INTO users (user_id, name) VALUES (?, 'a')", kText).destination())
        .isEqualTo(shard(owner(k)));
    assertThat(route("DELETE FROM orders WHERE user_id = ?", kText).destination())
        .isEqualTo(shard(owner(k)));
  }

  @Test
  void oneKey_quotedLiteral_goesWhereTheNumberGoes_alsoThroughTheShapeCache() throws Exception {
    // the same shape with a number literal first, then a string literal, then again a number
    assertThat(route("SELECT * FROM users WHERE user_id = " + other).destination())
        .isEqualTo(shard(owner(other)));
    assertThat(route("SELECT * FROM users WHERE user_id = '" + k + "'").destination())
        .isEqualTo(shard(owner(k)));
    assertThat(route("SELECT * FROM users WHERE user_id = " + k).destination())
        .isEqualTo(shard(owner(k)));
  }

  @Test
  void textAndUuidKeyTypes_convertToTheirFamily() throws Exception {
    assertThat(route("SELECT * FROM devices WHERE device_id = ?", k).destination())
        .isEqualTo(shard(owner(kText)));
    assertThat(route("SELECT * FROM devices WHERE device_id = " + k).destination())
        .isEqualTo(shard(owner(kText)));
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(route("SELECT * FROM tokens WHERE token = ?", uuid.toString()).destination())
        .isEqualTo(shard(owner(uuid)));
  }

  @Test
  void tableWithoutKeyType_keepsTodaysPlacement() throws Exception {
    assertThat(route("SELECT * FROM events WHERE user_id = ?", kText).destination())
        .isEqualTo(shard(owner(kText)))
        .isNotEqualTo(shard(owner(k)));
    assertThat(route("SELECT * FROM events WHERE user_id = ?", k).destination())
        .isEqualTo(shard(owner(k)));
  }

  @Test
  void inList_convertsEveryValue() throws Exception {
    String sql = "SELECT * FROM users WHERE user_id IN (?, ?)";
    assertThat(route(sql, kText, k).destination()).isEqualTo(shard(owner(k)));
    RoutePlan split = route("DELETE FROM users WHERE user_id IN (?, ?)", kText, other);
    assertThat(split.destination())
        .isEqualTo(new Destination.Shards(sorted(owner(k), owner(other))));
    assertThat(part(split, owner(k)).parameters()).containsExactly(1);
    assertThat(part(split, owner(other)).parameters()).containsExactly(2);
  }

  @Test
  void multiRowInsert_placesEachRowByItsConvertedKey() throws Exception {
    String sql = "INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')";
    assertThat(route(sql, kText, k).destination()).isEqualTo(shard(owner(k)));
    RoutePlan split = route(sql, kText, Long.toString(other));
    assertThat(split.destination())
        .isEqualTo(new Destination.Shards(sorted(owner(k), owner(other))));
    assertThat(part(split, owner(k)).sql()).contains("'a'").doesNotContain("'b'");
    assertThat(part(split, owner(other)).sql()).contains("'b'").doesNotContain("'a'");
    RoutePlan literals =
        route("INSERT INTO users (user_id, name) VALUES ('" + k + "', 'a'), (" + k + ", 'b')");
    assertThat(literals.destination()).isEqualTo(shard(owner(k)));
  }

  @Test
  void keyUpdate_sameShardCheckConvertsBothValues() throws Exception {
    assertThat(route("UPDATE users SET user_id = ? WHERE user_id = ?", kText, k).destination())
        .isEqualTo(shard(owner(k)));
    // without a key type the text and the number are two keys on two shards
    assertThatThrownBy(() -> route("UPDATE events SET user_id = ? WHERE user_id = ?", kText, k))
        .hasFieldOrPropertyWithValue("SQLState", "SW004");
  }

  @Test
  void insertSelect_convertsEachKeyByItsOwnTable() throws Exception {
    assertThat(
            route(
                    "INSERT INTO orders (user_id, total) SELECT ?, 1 FROM users WHERE user_id = ?",
                    kText,
                    k)
                .destination())
        .isEqualTo(shard(owner(k)));
    String fromDevices =
        "INSERT INTO orders (user_id, total) SELECT ?, 1 FROM devices WHERE device_id = ?";
    // orders reads m as the number m, devices reads it as the text "m": both on k's shard
    assertThat(route(fromDevices, k, m).destination()).isEqualTo(shard(owner(k)));
    // "k" is the number k for orders but the text "k" for devices: two shards
    assertThatThrownBy(() -> route(fromDevices, kText, kText))
        .hasFieldOrPropertyWithValue("SQLState", "SW005");
  }

  @Test
  void unionOverTablesOfDifferentKeyTypes_convertsEachPartByItsTable() throws Exception {
    String sql =
        "SELECT user_id FROM users WHERE user_id = ?"
            + " UNION ALL SELECT 1 FROM devices WHERE device_id = ?";
    assertThat(route(sql, kText, m).destination()).isEqualTo(shard(owner(k)));
    assertThatThrownBy(() -> route(sql, kText, kText))
        .hasFieldOrPropertyWithValue("SQLState", "SW005");
  }

  @Test
  void shardHint_mustAgreeWithTheConvertedKey() throws Exception {
    String sql = "SELECT * FROM users WHERE user_id = ?";
    assertThat(route("/* shardwise:shard=" + owner(k) + " */ " + sql, kText).destination())
        .isEqualTo(shard(owner(k)));
    assertThatThrownBy(() -> route("/* shardwise:shard=" + owner(kText) + " */ " + sql, kText))
        .hasFieldOrPropertyWithValue("SQLState", "SW012");
    SessionState hinted = TestSession.hintedTo(owner(k));
    assertThat(router.route(sql, ParameterValues.of(List.of(kText)), hinted).destination())
        .isEqualTo(shard(owner(k)));
  }

  @Test
  void valueThatIsNotAnInteger_isRefusedWherever() {
    String message =
        "The shard key users.user_id has keyType integer, but its value 'abc' is not an integer";
    assertThatThrownBy(() -> route("SELECT * FROM users WHERE user_id = ?", "abc"))
        .hasFieldOrPropertyWithValue("SQLState", "22018")
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> route("INSERT INTO users (user_id, name) VALUES ('abc', 'x')"))
        .hasFieldOrPropertyWithValue("SQLState", "22018")
        .hasMessageStartingWith(message);
    assertThatThrownBy(() -> route("SELECT * FROM users WHERE user_id IN (?, ?)", k, "abc"))
        .hasFieldOrPropertyWithValue("SQLState", "22018");
    assertThatThrownBy(
            () -> route("INSERT INTO users (user_id, name) VALUES (?, 'a'), (?, 'b')", k, "4.5"))
        .hasFieldOrPropertyWithValue("SQLState", "22018")
        .hasMessageContaining("'4.5' is not an integer");
    assertThatThrownBy(() -> route("UPDATE users SET user_id = ? WHERE user_id = ?", "abc", k))
        .hasFieldOrPropertyWithValue("SQLState", "22018");
    assertThatThrownBy(() -> route("SELECT * FROM tokens WHERE token = ?", "not-a-uuid"))
        .hasFieldOrPropertyWithValue("SQLState", "22018")
        .hasMessageContaining("tokens.token has keyType uuid");
  }

  @Test
  void explain_showsTheConversion() throws Exception {
    RouteExplainer.Explanation explanation =
        new RouteExplainer(router)
            .explain(
                "SELECT * FROM users WHERE user_id = ?",
                ParameterValues.of(List.of(kText)),
                SessionState.AUTOCOMMIT);
    assertThat(explanation.lines().get("shard key"))
        .isEqualTo("users.user_id = ?1 (keyType integer)");
    assertThat(explanation.lines().get("hash"))
        .startsWith("xxh64(" + k + " as Long) = 0x")
        .endsWith(", converted from '" + k + "' by keyType integer");
    assertThat(explanation.lines().get("route")).startsWith("Shard(" + owner(k) + ")");
  }

  private static ShardSql part(RoutePlan plan, String shard) {
    return plan.shardSql().stream().filter(s -> s.shard().equals(shard)).findFirst().orElseThrow();
  }

  private static List<String> sorted(String a, String b) {
    return a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
  }
}
