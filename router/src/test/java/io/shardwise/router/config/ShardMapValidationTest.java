package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule of the v1 schema: the exact path and message of the mistake it reports. */
class ShardMapValidationTest {

  private static final String V1 = "version: 1\n";
  private static final String ONE_SHARD =
      "shards:\n  - { name: s1, primary: { url: 'jdbc:h2:mem:s1' } }\n";
  private static final String VALID = V1 + ONE_SHARD;

  private final ShardMapLoader loader = new ShardMapLoader(new FakeSecrets());

  @Nested
  class TopLevel {

    @Test
    void unknownKey_listsTheAllowedKeys() {
      assertThat(errorsOf(VALID + "default_shard: s1\n"))
          .containsExactly(
              "default_shard: unknown key; the keys allowed here are version, ring, shards,"
                  + " tables, defaultShard, reads, pool, unanalysable");
    }

    @Test
    void unknownKey_inTheWrongCase_suggestsTheRightSpelling() {
      assertThat(errorsOf(VALID + "defaultshard: s1\n"))
          .containsExactly(
              "defaultshard: unknown key (did you mean defaultShard?); the keys allowed here are"
                  + " version, ring, shards, tables, defaultShard, reads, pool, unanalysable");
    }

    @Test
    void version_isRequired() {
      assertThat(errorsOf(ONE_SHARD))
          .containsExactly("version: missing; write 'version: 1' as the first line");
    }

    @Test
    void version_mustBeOne() {
      assertThat(errorsOf("version: 2\n" + ONE_SHARD))
          .containsExactly("version: unsupported version 2; this shardwise reads version 1");
    }

    @Test
    void version_mustBeAWholeNumber() {
      assertThat(errorsOf("version: 1.0\n" + ONE_SHARD))
          .containsExactly("version: expected a whole number, got '1.0'");
    }

    @Test
    void unanalysable_mustBeAKnownPolicy() {
      assertThat(errorsOf(VALID + "unanalysable: primary\n"))
          .containsExactly("unanalysable: expected one of refuse, default-primary, got 'primary'");
    }
  }

  @Nested
  class Ring {

    @Test
    void hash_onlyXxh64() {
      assertThat(errorsOf(VALID + "ring: { hash: murmur3 }\n"))
          .containsExactly("ring.hash: expected xxh64, got 'murmur3'");
    }

    @Test
    void virtualNodes_belowOne() {
      assertThat(errorsOf(VALID + "ring: { virtualNodes: 0 }\n"))
          .containsExactly("ring.virtualNodes: must be between 1 and 10000, got '0'");
    }

    @Test
    void virtualNodes_aboveTenThousand() {
      assertThat(errorsOf(VALID + "ring: { virtualNodes: 10001 }\n"))
          .containsExactly("ring.virtualNodes: must be between 1 and 10000, got '10001'");
    }

    @Test
    void virtualNodes_beyondAnyInteger() {
      assertThat(errorsOf(VALID + "ring: { virtualNodes: 99999999999999999999 }\n"))
          .containsExactly(
              "ring.virtualNodes: must be between 1 and 10000, got '99999999999999999999'");
    }

    @Test
    void virtualNodes_notANumber() {
      assertThat(errorsOf(VALID + "ring: { virtualNodes: abc }\n"))
          .containsExactly("ring.virtualNodes: expected a whole number, got 'abc'");
    }

    @Test
    void ring_mustBeAMapping() {
      assertThat(errorsOf(VALID + "ring: xxh64\n"))
          .containsExactly("ring: expected a mapping of keys to values, got a single value");
    }

    @Test
    void unknownKey() {
      assertThat(errorsOf(VALID + "ring: { vnodes: 10 }\n"))
          .containsExactly(
              "ring.vnodes: unknown key; the keys allowed here are hash, virtualNodes");
    }
  }

  @Nested
  class Shards {

    @Test
    void shards_areRequired() {
      assertThat(errorsOf(V1))
          .containsExactly(
              "shards: missing; a shard map needs at least one shard with a name and a primary");
    }

    @Test
    void shards_mayNotBeEmpty() {
      assertThat(errorsOf(V1 + "shards: []\n"))
          .containsExactly(
              "shards: the list is empty; a shard map needs at least one shard with a name and a"
                  + " primary");
    }

    @Test
    void shards_mustBeAList() {
      assertThat(errorsOf(V1 + "shards: { name: s1 }\n"))
          .containsExactly("shards: expected a list, got a mapping");
    }

    @Test
    void eachShard_mustBeAMapping() {
      assertThat(errorsOf(VALID + "  - s2\n"))
          .containsExactly("shards[1]: expected a mapping of keys to values, got a single value");
    }

    @Test
    void name_isRequired() {
      assertThat(errorsOf(V1 + "shards:\n  - { primary: { url: 'jdbc:h2:mem:a' } }\n"))
          .containsExactly(
              "shards[0].name: missing; each shard needs a name; its ring points"
                  + " derive from it");
    }

    @Test
    void name_mustBeAPlainWord() {
      assertThat(errorsOf(V1 + "shards:\n  - { name: -east, primary: { url: 'jdbc:h2:mem:a' } }\n"))
          .containsExactly(
              "shards[0].name: invalid shard name '-east'; use letters, digits, '_', '.' and '-',"
                  + " starting with a letter or digit");
    }

    @Test
    void name_mustBeUnique() {
      assertThat(
              errorsOf(
                  VALID
                      + "  - { name: s1, primary: { url: 'jdbc:h2:mem:other' } }\n"
                      + "defaultShard: s1\n"))
          .containsExactly(
              "shards[1].name: duplicate shard name 's1'; each shard needs a unique name");
    }

    @Test
    void weight_mustBePositive() {
      assertThat(
              errorsOf(
                  V1 + "shards:\n  - { name: s1, weight: 0, primary: { url: 'jdbc:h2:a' } }\n"))
          .containsExactly("shards[0].weight: must be between 1 and 1000, got '0'");
    }

    @Test
    void primary_isRequired() {
      assertThat(errorsOf(V1 + "shards:\n  - { name: s1 }\n"))
          .containsExactly(
              "shards[0].primary: missing; each shard needs a primary node, at least { url: ... }");
    }

    @Test
    void primary_mustBeAMapping() {
      assertThat(errorsOf(V1 + "shards:\n  - { name: s1, primary: 'jdbc:h2:mem:s1' }\n"))
          .containsExactly(
              "shards[0].primary: expected a mapping of keys to values, got a single value");
    }

    @Test
    void replicas_mustBeAList() {
      assertThat(
              errorsOf(
                  V1
                      + "shards:\n"
                      + "  - name: s1\n"
                      + "    primary: { url: 'jdbc:h2:mem:s1' }\n"
                      + "    replicas: { url: 'jdbc:h2:mem:r1' }\n"))
          .containsExactly("shards[0].replicas: expected a list, got a mapping");
    }

    @Test
    void unknownKey() {
      assertThat(
              errorsOf(
                  V1 + "shards:\n  - { name: s1, master: {}, primary: { url: 'jdbc:h2:a' } }\n"))
          .containsExactly(
              "shards[0].master: unknown key; the keys allowed here are name, weight, primary,"
                  + " replicas");
    }
  }

  @Nested
  class Nodes {

    private static final String SHARD_S2 =
        "  - name: s2\n    primary: { url: 'jdbc:h2:mem:s2' }\n    replicas:\n      - ";

    private List<String> errorsOfReplica(String node) {
      return errorsOf(VALID + SHARD_S2 + node + "\ndefaultShard: s1\n");
    }

    @Test
    void url_isRequired() {
      assertThat(errorsOfReplica("{ user: app }"))
          .containsExactly(
              "shards[1].replicas[0].url: missing; each node needs a JDBC URL such as"
                  + " jdbc:postgresql://host:5432/app");
    }

    @Test
    void url_mustStartWithJdbc() {
      assertThat(errorsOfReplica("{ url: 'postgresql://h:5432/app' }"))
          .containsExactly(
              "shards[1].replicas[0].url: expected a JDBC URL starting with 'jdbc:', such as"
                  + " jdbc:postgresql://host:5432/app");
    }

    @Test
    void url_mayNotBeAShardwiseUrl() {
      assertThat(errorsOfReplica("{ url: 'jdbc:shardwise:file:/etc/map.yaml' }"))
          .containsExactly(
              "shards[1].replicas[0].url: a node must be a physical database, not a shardwise URL;"
                  + " give the JDBC URL of the database itself");
    }

    @Test
    void url_usedByTwoNodes_namesTheFirst() {
      assertThat(errorsOfReplica("{ url: 'jdbc:h2:mem:s1' }"))
          .containsExactly(
              "shards[1].replicas[0].url: the same URL and user as shards[0].primary; each node must be a"
                  + " different database, or at least a different login");
    }

    @Test
    void url_sharedByADifferentLogin_isAllowed() {
      String map = VALID + SHARD_S2 + "{ url: 'jdbc:h2:mem:s1', user: reader }\ndefaultShard: s1\n";
      org.assertj.core.api.Assertions.assertThatCode(() -> loader.readYaml(map, "test"))
          .doesNotThrowAnyException();
    }

    @Test
    void url_mustBeText() {
      assertThat(errorsOfReplica("{ url: [jdbc, h2] }"))
          .containsExactly("shards[1].replicas[0].url: expected text, got a list");
    }

    @Test
    void weight_mustBeAWholeNumber() {
      assertThat(errorsOfReplica("{ url: 'jdbc:h2:mem:r', weight: heavy }"))
          .containsExactly("shards[1].replicas[0].weight: expected a whole number, got 'heavy'");
    }

    @Test
    void unknownKey_listsTheNodeKeys() {
      assertThat(errorsOfReplica("{ url: 'jdbc:h2:mem:r', username: app }"))
          .containsExactly(
              "shards[1].replicas[0].username: unknown key; the keys allowed here are url, user,"
                  + " password, weight");
    }

    @Test
    void replica_mustBeAMapping() {
      assertThat(errorsOfReplica("'jdbc:h2:mem:r'"))
          .containsExactly(
              "shards[1].replicas[0]: expected a mapping of keys to values, got a single value");
    }
  }

  @Nested
  class Tables {

    @Test
    void shardKeyAndBroadcast_excludeEachOther() {
      assertThat(errorsOf(VALID + "tables:\n  users: { shardKey: id, broadcast: true }\n"))
          .containsExactly(
              "tables.users: give either shardKey (rows spread over the shards by that column) or"
                  + " broadcast: true (a full copy on every shard), not both");
    }

    @Test
    void oneOfShardKeyOrBroadcast_isRequired() {
      assertThat(errorsOf(VALID + "tables:\n  users: { group: accounts }\n"))
          .containsExactly(
              "tables.users: give either shardKey (rows spread over the shards by that column) or"
                  + " broadcast: true (a full copy on every shard)");
    }

    @Test
    void broadcast_canOnlyBeTrue() {
      assertThat(errorsOf(VALID + "tables:\n  countries: { broadcast: false }\n"))
          .containsExactly(
              "tables.countries.broadcast: expected true, got 'false'; a table that is not"
                  + " broadcast is sharded: give shardKey instead");
    }

    @Test
    void group_isOnlyForShardedTables() {
      assertThat(errorsOf(VALID + "tables:\n  countries: { broadcast: true, group: geo }\n"))
          .containsExactly(
              "tables.countries.group: only sharded tables belong to a group; remove it from a"
                  + " broadcast table");
    }

    @Test
    void shardKey_mayNotBeBlank() {
      assertThat(errorsOf(VALID + "tables:\n  users: { shardKey: ' ' }\n"))
          .containsExactly(
              "tables.users.shardKey: must name the column whose value places each row");
    }

    @Test
    void table_mustBeAMapping() {
      assertThat(errorsOf(VALID + "tables:\n  users: user_id\n"))
          .containsExactly(
              "tables.users: expected a mapping of keys to values, got a single value");
    }

    @Test
    void unknownKey_inTheWrongCase_suggestsTheRightSpelling() {
      assertThat(errorsOf(VALID + "tables:\n  users: { shardKey: id, Group: g }\n"))
          .containsExactly(
              "tables.users.Group: unknown key (did you mean group?); the keys allowed here are"
                  + " shardKey, group, keyType, broadcast");
    }

    @Test
    void keyType_isReadIntoTheRule() throws Exception {
      ShardMap map =
          loader.readYaml(
              VALID
                  + "tables:\n"
                  + "  users: { shardKey: user_id, keyType: integer }\n"
                  + "  devices: { shardKey: device_id, keyType: text }\n"
                  + "  tokens: { shardKey: token, keyType: uuid }\n"
                  + "  events: { shardKey: user_id }\n",
              "m");
      assertThat(map.table("users").orElseThrow().keyType()).isEqualTo(KeyType.INTEGER);
      assertThat(map.table("devices").orElseThrow().keyType()).isEqualTo(KeyType.TEXT);
      assertThat(map.table("tokens").orElseThrow().keyType()).isEqualTo(KeyType.UUID);
      assertThat(map.table("events").orElseThrow().keyType()).isNull();
    }

    @Test
    void keyType_mustBeKnown() {
      assertThat(errorsOf(VALID + "tables:\n  users: { shardKey: user_id, keyType: bigint }\n"))
          .containsExactly(
              "tables.users.keyType: expected one of integer, text, uuid, got 'bigint'");
    }

    @Test
    void keyType_isCaseSensitiveLikeEveryName() {
      assertThat(errorsOf(VALID + "tables:\n  users: { shardKey: user_id, keyType: INTEGER }\n"))
          .containsExactly(
              "tables.users.keyType: expected one of integer, text, uuid, got 'INTEGER'");
    }

    @Test
    void keyType_isOnlyForShardedTables() {
      assertThat(errorsOf(VALID + "tables:\n  countries: { broadcast: true, keyType: text }\n"))
          .containsExactly(
              "tables.countries.keyType: only sharded tables have a key type; remove it from a"
                  + " broadcast table");
    }

    @Test
    void keyType_mustBeTheSameInAGroup_namingBothTables() {
      String tables =
          "tables:\n"
              + "  users: { shardKey: user_id, group: accounts, keyType: integer }\n"
              + "  orders: { shardKey: user_id, group: accounts, keyType: text }\n";
      assertThat(errorsOf(VALID + tables))
          .containsExactly(
              "tables.orders.keyType: orders has keyType text but users, in the same group"
                  + " accounts, has keyType integer; tables of one group share one key domain, so"
                  + " give them all the same keyType, or none");
    }

    @Test
    void keyType_onOnlySomeTablesOfAGroup_isRefused() {
      String tables =
          "tables:\n"
              + "  users: { shardKey: user_id, group: accounts }\n"
              + "  orders: { shardKey: user_id, group: accounts }\n"
              + "  Payments: { shardKey: user_id, group: accounts, keyType: integer }\n";
      assertThat(errorsOf(VALID + tables))
          .containsExactly(
              "tables.Payments.keyType: Payments has keyType integer but users, in the same group"
                  + " accounts, has no keyType; tables of one group share one key domain, so give"
                  + " them all the same keyType, or none");
    }

    @Test
    void keyType_mayDifferBetweenGroups() throws Exception {
      String tables =
          "tables:\n"
              + "  users: { shardKey: user_id, group: accounts, keyType: integer }\n"
              + "  orders: { shardKey: user_id, group: accounts, keyType: integer }\n"
              + "  devices: { shardKey: device_id, keyType: text }\n"
              + "  events: { shardKey: user_id }\n";
      assertThat(loader.readYaml(VALID + tables, "m").tables()).hasSize(4);
    }

    @Test
    void oddTableNames_areQuotedInThePath() {
      assertThat(errorsOf(VALID + "tables:\n  app.users: { shardKey: ' ' }\n"))
          .containsExactly(
              "tables[\"app.users\"].shardKey: must name the column whose value places each row");
    }
  }

  @Nested
  class DefaultShard {

    private static final String TWO_SHARDS =
        VALID + "  - { name: s2, primary: { url: 'jdbc:h2:mem:s2' } }\n";

    @Test
    void isRequired_withMoreThanOneShard() {
      assertThat(errorsOf(TWO_SHARDS))
          .containsExactly(
              "defaultShard: missing; with more than one shard, name the one that holds the tables"
                  + " not listed under tables (one of s1, s2)");
    }

    @Test
    void mustNameAShard() {
      assertThat(errorsOf(TWO_SHARDS + "defaultShard: s3\n"))
          .containsExactly("defaultShard: no shard is named 's3'; name one of s1, s2");
    }

    @Test
    void namesTheChosenShard() throws Exception {
      assertThat(loader.readYaml(TWO_SHARDS + "defaultShard: s2\n", "m").defaultShard())
          .isEqualTo("s2");
    }
  }

  @Nested
  class Reads {

    @Test
    void strategy_mustBeKnown() {
      assertThat(errorsOf(VALID + "reads: { strategy: roundrobin }\n"))
          .containsExactly(
              "reads.strategy: expected one of round-robin, random, weighted, least-outstanding,"
                  + " got 'roundrobin'");
    }

    @Test
    void readYourWrites_off_isTextNotFalse() throws Exception {
      assertThat(loader.readYaml(VALID + "reads: { readYourWrites: off }\n", "m").reads())
          .extracting(ReadRouting::readYourWrites)
          .isEqualTo(ReadRouting.ReadYourWrites.OFF);
    }

    @Test
    void readYourWrites_mustBeKnown() {
      assertThat(errorsOf(VALID + "reads: { readYourWrites: no }\n"))
          .containsExactly("reads.readYourWrites: expected one of off, session, global, got 'no'");
    }

    @Test
    void whenNoReplica_mustBeKnown() {
      assertThat(errorsOf(VALID + "reads: { whenNoReplica: wait }\n"))
          .containsExactly("reads.whenNoReplica: expected one of primary, fail, got 'wait'");
    }

    @Test
    void maxReplicaLag_mayNotBeNegative() {
      assertThat(errorsOf(VALID + "reads: { maxReplicaLag: -1s }\n"))
          .containsExactly("reads.maxReplicaLag: must not be negative, got '-1s'");
    }

    @Test
    void maxReplicaLag_mustBeADuration() {
      assertThat(errorsOf(VALID + "reads: { maxReplicaLag: 1.5s }\n"))
          .containsExactly(
              "reads.maxReplicaLag: expected a duration such as 500ms, 2s, 1m or 1h (a bare number"
                  + " means milliseconds), got '1.5s'");
    }

    @Test
    void maxReplicaLag_tooLarge() {
      assertThat(errorsOf(VALID + "reads: { maxReplicaLag: 9999999999999h }\n"))
          .containsExactly("reads.maxReplicaLag: is too large, got '9999999999999h'");
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "2s, 2000", "1m, 60000", "1h, 3600000", "1500, 1500", "0, 0"})
    void durations_acceptEachUnit(String written, long millis) throws Exception {
      assertThat(
              loader
                  .readYaml(VALID + "reads: { maxReplicaLag: " + written + " }\n", "m")
                  .reads()
                  .maxReplicaLag())
          .isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void unknownKey() {
      assertThat(errorsOf(VALID + "reads: { lag: 2s }\n"))
          .containsExactly(
              "reads.lag: unknown key; the keys allowed here are strategy, maxReplicaLag,"
                  + " readYourWrites, whenNoReplica");
    }
  }

  @Nested
  class Pool {

    @Test
    void maximumPoolSize_atLeastOne() {
      assertThat(errorsOf(VALID + "pool: { maximumPoolSize: 0 }\n"))
          .containsExactly("pool.maximumPoolSize: must be at least 1, got '0'");
    }

    @Test
    void minimumIdle_mayBeZeroButNotNegative() {
      assertThat(errorsOf(VALID + "pool: { minimumIdle: -1 }\n"))
          .containsExactly("pool.minimumIdle: must be at least 0, got '-1'");
    }

    @Test
    void minimumIdle_mayNotExceedMaximumPoolSize() {
      assertThat(errorsOf(VALID + "pool: { maximumPoolSize: 5, minimumIdle: 6 }\n"))
          .containsExactly(
              "pool.minimumIdle: must not exceed maximumPoolSize (5), got 6; HikariCP would"
                  + " silently lower it");
    }

    @Test
    void connectionTimeout_hasHikariFloor() {
      assertThat(errorsOf(VALID + "pool: { connectionTimeout: 100ms }\n"))
          .containsExactly(
              "pool.connectionTimeout: must be 0 (wait forever) or at least 250ms, got '100ms'");
    }

    @Test
    void connectionTimeout_zeroWaitsForever() throws Exception {
      assertThat(loader.readYaml(VALID + "pool: { connectionTimeout: 0 }\n", "m").pool())
          .extracting(PoolSettings::connectionTimeout)
          .isEqualTo(Duration.ZERO);
    }

    @Test
    void validationTimeout_hasHikariFloor() {
      assertThat(errorsOf(VALID + "pool: { validationTimeout: 0 }\n"))
          .containsExactly("pool.validationTimeout: must be at least 250ms, got '0'");
    }

    @Test
    void idleTimeout_mustBeADuration() {
      assertThat(errorsOf(VALID + "pool: { idleTimeout: forever }\n"))
          .containsExactly(
              "pool.idleTimeout: expected a duration such as 500ms, 2s, 1m or 1h (a bare number"
                  + " means milliseconds), got 'forever'");
    }

    @Test
    void unknownKey_listsThePoolSettings() {
      assertThat(errorsOf(VALID + "pool: { maxPoolSize: 10 }\n"))
          .containsExactly(
              "pool.maxPoolSize: unknown key; the keys allowed here are maximumPoolSize,"
                  + " minimumIdle, connectionTimeout, idleTimeout, maxLifetime, validationTimeout,"
                  + " keepaliveTime, leakDetectionThreshold");
    }
  }

  private List<String> errorsOf(String yaml) {
    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));
    assertThat((Throwable) e).as("a shard map with mistakes").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
