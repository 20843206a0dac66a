package io.shardwise.reshard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardwise.router.config.NodeSpec;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import io.shardwise.router.ring.ShardKeyHasher;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pieces the reshard steps rely on, each pinned by its behaviour. */
class ReshardPiecesTest {

  @Test
  void checkpointStore_groupsWritesOfParallelTasks_andLosesNoneAfterFlush(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("plan.copy-checkpoint.yaml");
    CheckpointStore store = CheckpointStore.open(file, "plan-1");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String id = "orders@s" + t;
      tasks.add(
          pool.submit(
              () -> {
                TaskProgress progress = TaskProgress.START;
                for (long batch = 1; batch <= 50; batch++) {
                  progress = progress.after(List.of("int:" + batch), 10, Map.of());
                  store.put(id, progress);
                }
                return null;
              }));
    }
    for (Future<?> task : tasks) {
      task.get();
    }
    pool.shutdown();
    store.flush();
    Map<String, TaskProgress> reread = CheckpointStore.open(file, "plan-1").all();
    assertThat(reread).hasSize(4);
    reread.values().forEach(p -> assertThat(p.batches()).isEqualTo(50));
    reread.values().forEach(p -> assertThat(p.lastKey()).containsExactly("int:50"));
  }

  @Test
  void placement_convertsAKeyToItsTablesKeyType_asTheDriverDoes() throws Exception {
    ShardMap map =
        ShardMapLoader.parse(
            """
            version: 1
            shards:
              - { name: s1, primary: { url: "jdbc:h2:mem:p1" } }
              - { name: s2, primary: { url: "jdbc:h2:mem:p2" } }
            tables:
              tokens: { shardKey: token, keyType: uuid }
              users:  { shardKey: user_id, keyType: integer }
            defaultShard: s1
            """,
            "pieces.yaml");
    Placement placement = new Placement(map, map);
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    // MariaDB's connector reads a UUID column as text; the driver was given the UUID
    assertThat(Placement.hash(uuid.toString(), placement.rule("tokens")))
        .isEqualTo(ShardKeyHasher.hash(uuid));
    assertThat(Placement.hash("42", placement.rule("users"))).isEqualTo(ShardKeyHasher.hash(42L));
    assertThatThrownBy(() -> Placement.hash("abc", placement.rule("users")))
        .isInstanceOf(ReshardException.class)
        .hasMessageStartingWith(
            "Table users: The shard key users.user_id has keyType integer, but its value 'abc'");
  }

  @Test
  void rowHash_isTheSameForEqualNumbersOfDifferentTypesAndScales() throws Exception {
    RowHasher hasher = new RowHasher();
    long asLong = hasher.hash(new Object[] {42L, "a"});
    assertThat(hasher.hash(new Object[] {42, "a"})).isEqualTo(asLong);
    assertThat(hasher.hash(new Object[] {new BigDecimal("42.000"), "a"})).isEqualTo(asLong);
    assertThat(hasher.hash(new Object[] {BigInteger.valueOf(42), "a"})).isEqualTo(asLong);
    assertThat(hasher.hash(new Object[] {new BigDecimal("0.00")}))
        .isEqualTo(hasher.hash(new Object[] {0}));
  }

  @Test
  void rowHash_tellsNullFromEmptyAndKeepsFieldBoundaries() throws Exception {
    RowHasher hasher = new RowHasher();
    assertThat(hasher.hash(new Object[] {null})).isNotEqualTo(hasher.hash(new Object[] {""}));
    assertThat(hasher.hash(new Object[] {"ab", "c"}))
        .isNotEqualTo(hasher.hash(new Object[] {"a", "bc"}));
    assertThat(hasher.hash(new Object[] {"42"})).isNotEqualTo(hasher.hash(new Object[] {42}));
  }

  @Test
  void rowHash_readsATimestampAndItsLocalDateTimeAlike() throws Exception {
    RowHasher hasher = new RowHasher();
    LocalDateTime time = LocalDateTime.of(2024, 2, 29, 13, 5, 7);
    assertThat(hasher.hash(new Object[] {Timestamp.valueOf(time)}))
        .isEqualTo(hasher.hash(new Object[] {time}));
  }

  @Test
  void rangeChecksum_doesNotDependOnRowOrder_butCountsDuplicates() {
    RangeChecksum forward = RangeChecksum.EMPTY.plus(1).plus(2).plus(3);
    RangeChecksum backward = RangeChecksum.EMPTY.plus(3).plus(2).plus(1);
    assertThat(forward).isEqualTo(backward);
    assertThat(forward.plus(3)).isNotEqualTo(forward);
    assertThat(RangeChecksum.fromYaml(forward.toYaml())).isEqualTo(forward);
  }

  @Test
  void keyCodec_roundTripsEveryCheckpointableKeyType() {
    Object[] key = {
      7L, new BigDecimal("1.50"), "x:y", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")
    };
    assertThat(KeyCodec.decode(KeyCodec.encode(key))).containsExactly(key);
    assertThat(KeyCodec.decode(List.of("int:7"))).containsExactly(7L);
    assertThatThrownBy(() -> KeyCodec.encode(new Object[] {1.5d}))
        .isInstanceOf(ReshardException.class)
        .hasMessageContaining("cannot be checkpointed");
  }

  @Test
  void idempotentInsert_skipsExistingKeysInEachDialect() {
    List<String> columns = List.of("id", "name");
    assertThat(CopyDialect.POSTGRESQL.idempotentInsert("t", columns, List.of("id"), 2))
        .isEqualTo(
            "INSERT INTO \"t\" (\"id\", \"name\") VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING");
    assertThat(CopyDialect.MARIADB.idempotentInsert("t", columns, List.of("id"), 1))
        .isEqualTo(
            "INSERT INTO `t` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `id` = `id`");
    assertThat(CopyDialect.H2.idempotentInsert("T", columns, List.of("id"), 1))
        .isEqualTo("MERGE INTO \"T\" (\"id\", \"name\") KEY (\"id\") VALUES (?, ?)");
  }

  @Test
  void copyDialect_isTheNodesEngine_andAnUnknownEngineIsRefused() {
    assertThat(CopyDialect.of(node("jdbc:mysql://h/db"))).isEqualTo(CopyDialect.MARIADB);
    assertThat(CopyDialect.of(node("jdbc:mariadb://h/db"))).isEqualTo(CopyDialect.MARIADB);
    assertThat(CopyDialect.of(node("jdbc:postgresql://h/db"))).isEqualTo(CopyDialect.POSTGRESQL);
    assertThat(CopyDialect.of(node("jdbc:h2:mem:x"))).isEqualTo(CopyDialect.H2);
    for (String url :
        List.of("jdbc:oracle:thin:@h:1521/x", "jdbc:sqlserver://h", "postgresql://h")) {
      assertThatThrownBy(() -> CopyDialect.of(node(url)))
          .hasMessageContaining("only H2, PostgreSQL and MariaDB/MySQL");
    }
  }

  private static NodeSpec node(String url) {
    return new NodeSpec(url, "u", "p", 1);
  }
}
