package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.shardwise.router.config.ReadRouting.NoReplica;
import io.shardwise.router.config.ReadRouting.ReadYourWrites;
import io.shardwise.router.config.ReadRouting.Strategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMapLoaderTest {

  private static final String MINIMAL =
      """
      version: 1
      shards:
        - name: only
          primary: { url: "jdbc:h2:mem:only" }
      """;

  private final FakeSecrets secrets =
      new FakeSecrets()
          .env("APP_DB_PASSWORD", "app-pw")
          .file("/run/secrets/reader", "reader-pw")
          .file("/run/secrets/db", "db-pw");
  private final ShardMapLoader loader = new ShardMapLoader(secrets);

  @Test
  void fullExample_parsesToTheExpectedModel() throws Exception {
    ShardMap map = loader.readResource("maps/full.yaml");

    ShardSpec s1 =
        new ShardSpec(
            "s1",
            2,
            new NodeSpec("jdbc:postgresql://127.0.0.1:25432/app", "app", "app-pw", 1),
            List.of(
                new NodeSpec("jdbc:postgresql://127.0.0.1:25433/app", "app", "app-pw", 3),
                new NodeSpec("jdbc:postgresql://127.0.0.1:25434/app", "reader", "reader-pw", 1)));
    ShardSpec s2 =
        new ShardSpec(
            "s2",
            1,
            new NodeSpec("jdbc:postgresql://127.0.0.1:25442/app", "app", "db-pw", 1),
            List.of());
    assertThat(map)
        .isEqualTo(
            new ShardMap(
                1,
                new RingSettings("xxh64", 128),
                List.of(s1, s2),
                Map.of(
                    "users",
                    TableRule.sharded("users", "user_id", "accounts", KeyType.INTEGER),
                    "orders",
                    TableRule.sharded("orders", "user_id", "accounts", KeyType.INTEGER),
                    "events",
                    TableRule.sharded("events", "device_id", null),
                    "countries",
                    TableRule.broadcast("countries")),
                "s2",
                new ReadRouting(
                    Strategy.LEAST_OUTSTANDING,
                    Duration.ofMillis(500),
                    ReadYourWrites.GLOBAL,
                    NoReplica.FAIL),
                new PoolSettings(
                    20,
                    2,
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(10),
                    Duration.ofHours(1),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(30)),
                UnanalysablePolicy.DEFAULT_PRIMARY));
    assertThat(map.table("events").orElseThrow().group()).isEqualTo("events");
  }

  @Test
  void minimalMap_getsEveryDefault() throws Exception {
    ShardMap map = loader.readYaml(MINIMAL, "minimal.yaml");

    assertThat(map.version()).isEqualTo(1);
    assertThat(map.ring()).isEqualTo(RingSettings.defaults());
    assertThat(map.ring().virtualNodes()).isEqualTo(RingSettings.DEFAULT_VIRTUAL_NODES);
    assertThat(map.shards())
        .containsExactly(
            new ShardSpec("only", 1, new NodeSpec("jdbc:h2:mem:only", null, null, 1), List.of()));
    assertThat(map.tables()).isEmpty();
    assertThat(map.defaultShard()).isEqualTo("only");
    assertThat(map.reads()).isEqualTo(ReadRouting.defaults());
    assertThat(map.pool()).isEqualTo(PoolSettings.defaults());
    assertThat(map.unanalysable()).isEqualTo(UnanalysablePolicy.REFUSE);
  }

  @Test
  void partialSections_keepTheDefaultsOfTheKeysLeftOut() throws Exception {
    ShardMap map =
        loader.readYaml(
            MINIMAL + "ring: { virtualNodes: 64 }\nreads: { strategy: random }\npool: {}\n", "m");

    assertThat(map.ring()).isEqualTo(new RingSettings("xxh64", 64));
    assertThat(map.reads())
        .isEqualTo(
            new ReadRouting(
                Strategy.RANDOM, Duration.ofSeconds(2), ReadYourWrites.SESSION, NoReplica.PRIMARY));
    assertThat(map.pool()).isEqualTo(PoolSettings.defaults());
  }

  @Test
  void emptyValue_isTheSameAsLeavingTheKeyOut() throws Exception {
    ShardMap map = loader.readYaml(MINIMAL + "tables:\nreads:\n  strategy: ~\n", "m");

    assertThat(map.tables()).isEmpty();
    assertThat(map.reads()).isEqualTo(ReadRouting.defaults());
  }

  @Test
  void scalars_areKeptExactlyAsWritten() throws Exception {
    ShardMap map =
        loader.readYaml(
            """
            version: 1
            shards:
              - name: 007
                primary: { url: "jdbc:h2:mem:a", user: off, password: 0123 }
              - name: "1e3"
                primary: { url: "jdbc:h2:mem:b", user: "null", password: 1.50 }
            defaultShard: 007
            """,
            "m");

    assertThat(map.shards())
        .extracting(ShardSpec::name, s -> s.primary().user(), s -> s.primary().password())
        .containsExactly(tuple("007", "off", "0123"), tuple("1e3", "null", "1.50"));
  }

  @Test
  void tableNames_matchIgnoringCaseAndQuotes() throws Exception {
    ShardMap map = loader.readYaml(MINIMAL + "tables:\n  Users: { shardKey: User_ID }\n", "m");

    assertThat(map.tables()).containsOnlyKeys("users");
    assertThat(map.table("USERS")).contains(TableRule.sharded("users", "user_id", null));
    assertThat(map.table("\"Users\"")).isPresent();
    assertThat(map.table("`users`")).isPresent();
  }

  @Test
  void tableNames_thatDifferOnlyInCase_areOneTableListedTwice() {
    assertThat(
            errorsOf(
                MINIMAL
                    + "tables:\n"
                    + "  Users: { shardKey: user_id }\n"
                    + "  users: { broadcast: true }\n"))
        .containsExactly(
            "tables.users: duplicate table 'users'; table names ignore case and quotes, so it is"
                + " the same table as 'Users'");
  }

  @Test
  void threeMistakes_areAllReportedWithTheirPaths() {
    ShardMapException e =
        catchThrowableOfType(
            ShardMapException.class, () -> loader.readResource("maps/three-mistakes.yaml"));

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .containsExactly("shards[1].name", "shards[2].replicas[0].url", "reads.maxReplicaLag");
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "Invalid shard map classpath:maps/three-mistakes.yaml: 3 errors",
                "  shards[1].name: duplicate shard name 's1'; each shard needs a unique name",
                "  shards[2].replicas[0].url: expected a JDBC URL starting with 'jdbc:', such as"
                    + " jdbc:postgresql://host:5432/app",
                "  reads.maxReplicaLag: expected a duration such as 500ms, 2s, 1m or 1h (a bare"
                    + " number means milliseconds), got '2 seconds'"));
    assertThat(e.getSQLState()).isEqualTo("SW007");
  }

  @Test
  void yamlSyntaxError_isOneErrorWithLineAndColumn() {
    String yaml =
        """
        version: 1
        shards:
          - name: s1
            primary: { url: "jdbc:h2:mem:s1", user: app
        reads: {}
        """;

    assertThat(errorsOf(yaml))
        .containsExactly(
            "not valid YAML at line 5, column 6: expected ',' or '}', but got : (while parsing a"
                + " flow mapping at line 4, column 14)");
  }

  @Test
  void yamlDuplicateKey_isReportedWithItsLine() {
    assertThat(errorsOf("version: 1\nversion: 2\n"))
        .containsExactly(
            "not valid YAML at line 2, column 1: a key given twice in the same mapping (while"
                + " constructing a mapping at line 1, column 1)");
  }

  @Test
  void tabIndentation_isReportedWithItsLine() {
    assertThat(errorsOf("version: 1\nshards:\n\t- name: s1\n"))
        .singleElement()
        .asString()
        .startsWith("not valid YAML at line 3, column 1: ");
  }

  @Test
  void controlCharacter_isReportedWithItsLineAndColumn() {
    assertThat(errorsOf("version: 1\nshards: x\u0001\n"))
        .containsExactly(
            "not valid YAML at line 2, column 10: the character U+0001 is not allowed; only"
                + " printable characters are");
  }

  @Test
  void emptyFile_saysWhatAShardMapNeeds() {
    assertThat(errorsOf("# nothing yet\n"))
        .containsExactly(
            "the file is empty; a shard map needs at least 'version: 1' and a 'shards' list");
  }

  @Test
  void topLevelList_isNotAShardMap() {
    assertThat(errorsOf("- version: 1\n"))
        .containsExactly("expected a mapping of keys to values, got a list");
  }

  @Test
  void load_readsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("map.yaml");
    Files.writeString(file, MINIMAL);

    assertThat(ShardMapLoader.load(file).defaultShard()).isEqualTo("only");
  }

  @Test
  void load_missingFile_namesIt(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> ShardMapLoader.load(file))
        .isInstanceOf(ShardMapException.class)
        .hasMessage(
            "Invalid shard map "
                + file
                + ": the file does not exist (looked for "
                + file.toAbsolutePath()
                + ")");
  }

  @Test
  void load_fileThatIsNotUtf8_isRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "version: 1 # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ShardMapLoader.load(file))
        .hasMessage("Invalid shard map " + file + ": the file is not UTF-8 text");
  }

  @Test
  void loadResource_acceptsALeadingSlash() throws Exception {
    assertThat(loader.readResource("/maps/full.yaml").shards()).hasSize(2);
  }

  @Test
  void loadResource_missingResource_namesIt() {
    ShardMapException e =
        catchThrowableOfType(
            ShardMapException.class, () -> ShardMapLoader.loadResource("maps/absent.yaml"));

    assertThat((Throwable) e)
        .hasMessage(
            "Invalid shard map classpath:maps/absent.yaml: no such resource on the classpath");
    assertThat(e.errors())
        .containsExactly(new ConfigError("", "no such resource on the classpath"));
  }

  @Test
  void parse_usesTheRealEnvironment() throws Exception {
    // The build sets SHARDWISE_TEST_SECRET for the test JVM (see the surefire configuration).
    ShardMap map =
        ShardMapLoader.parse(
            """
            version: 1
            shards:
              - name: s1
                primary: { url: "jdbc:h2:mem:s1", password: "${env:SHARDWISE_TEST_SECRET}" }
            """,
            "inline");

    assertThat(map.shards().get(0).primary().password()).isEqualTo("from-the-environment");
  }

  private List<String> errorsOf(String yaml) {
    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));
    assertThat((Throwable) e).as("a shard map with mistakes").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
