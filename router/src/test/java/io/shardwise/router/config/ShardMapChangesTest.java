package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which differences between two shard maps a running driver may apply, and which move data. */
class ShardMapChangesTest {

  private static final String BASE =
      """
      version: 1
      shards:
        - name: s1
          primary: { url: "jdbc:h2:mem:a", user: sa, password: p1 }
          replicas:
            - { url: "jdbc:h2:mem:a-r1", user: sa, password: p1 }
        - name: s2
          primary: { url: "jdbc:h2:mem:b", user: sa, password: p1 }
      tables:
        users: { shardKey: user_id, group: accounts }
      defaultShard: s1
      pool: { maximumPoolSize: 4 }
      """;

  private static ShardMapChanges changes(String after) throws ShardMapException {
    return ShardMapChanges.between(
        ShardMapLoader.parse(BASE, "before.yaml"), ShardMapLoader.parse(after, "after.yaml"));
  }

  @Test
  void sameMap_hasNoChange() throws Exception {
    ShardMapChanges changes = changes(BASE);
    assertThat(changes.isEmpty()).isTrue();
    assertThat(changes.movesData()).isFalse();
  }

  @Test
  void declaringAKeyType_movesData() throws Exception {
    ShardMapChanges changes =
        changes(
            BASE.replace(
                "users: { shardKey: user_id, group: accounts }",
                "users: { shardKey: user_id, group: accounts, keyType: integer }"));
    assertThat(changes.movesData()).isTrue();
    assertThat(changes.movingData())
        .containsExactly(
            "tables.users: {shardKey: user_id, group: accounts} -> {shardKey: user_id, group:"
                + " accounts, keyType: integer}");
  }

  @Test
  void replicasPoolAndReads_areLiveChanges() throws Exception {
    String after =
        BASE.replace(
                    "      - { url: \"jdbc:h2:mem:a-r1\", user: sa, password: p1 }",
                    "      - { url: \"jdbc:h2:mem:a-r1\", user: sa, password: p1, weight: 3 }\n"
                        + "      - { url: \"jdbc:h2:mem:a-r2\", user: sa, password: p1 }")
                .replace("maximumPoolSize: 4", "maximumPoolSize: 8")
            + "reads: { strategy: weighted }\n";
    ShardMapChanges changes = changes(after);
    assertThat(changes.movesData()).isFalse();
    assertThat(changes.live())
        .containsExactly(
            "shards.s1.replicas: jdbc:h2:mem:a-r1 (user sa) weight 1 -> 3",
            "shards.s1.replicas: added jdbc:h2:mem:a-r2 (user sa)",
            "reads: " + ReadRouting.defaults() + " -> " + ShardMapLoader.parse(after, "x").reads(),
            "pool.maximumPoolSize: 4 -> 8");
  }

  @Test
  void removedReplicaAndNewPassword_areLiveAndNeverPrintThePassword() throws Exception {
    String after =
        BASE.replace("      - { url: \"jdbc:h2:mem:a-r1\", user: sa, password: p1 }\n", "")
            .replace("replicas:\n", "replicas: []\n")
            .replace(
                "url: \"jdbc:h2:mem:b\", user: sa, password: p1",
                "url: \"jdbc:h2:mem:b\", user: sa, password: secret2");
    ShardMapChanges changes = changes(after);
    assertThat(changes.movesData()).isFalse();
    assertThat(changes.live())
        .containsExactly(
            "shards.s1.replicas: removed jdbc:h2:mem:a-r1 (user sa)",
            "shards.s2.primary: new password for jdbc:h2:mem:b (user sa)");
    assertThat(String.join("\n", changes.live())).doesNotContain("secret2", "p1");
  }

  @Test
  void shardWeightsShardsTablesRingAndPrimaries_moveData() throws Exception {
    String after =
        BASE.replace("  - name: s2\n", "  - name: s2\n    weight: 2\n")
                .replace("users: { shardKey: user_id, group: accounts }", "users: { shardKey: id }")
                .replace("url: \"jdbc:h2:mem:a\"", "url: \"jdbc:h2:mem:c\"")
            + "ring: { virtualNodes: 64 }\n";
    ShardMapChanges changes = changes(after);
    assertThat(changes.movesData()).isTrue();
    assertThat(changes.movingData())
        .containsExactly(
            "ring: {hash: xxh64, virtualNodes: 512} -> {hash: xxh64, virtualNodes: 64}",
            "shards.s1.primary: jdbc:h2:mem:a (user sa) -> jdbc:h2:mem:c (user sa)",
            "shards.s2.weight: 1 -> 2",
            "tables.users: {shardKey: user_id, group: accounts} -> {shardKey: id, group: users}");
  }

  @Test
  void addedShardAndDefaultShard_moveData() throws Exception {
    String after =
        BASE.replace(
                "tables:",
                "  - name: s3\n    primary: { url: \"jdbc:h2:mem:c\", user: sa }\ntables:")
            .replace("defaultShard: s1", "defaultShard: s2");
    assertThat(changes(after).movingData())
        .containsExactly("shard s3 added", "defaultShard: s1 -> s2");
  }
}
