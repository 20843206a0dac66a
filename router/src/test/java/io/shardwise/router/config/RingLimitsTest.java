package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardwise.router.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limits that bound what a runtime builds when it starts: the ring's points (virtualNodes x the
 * sum of the shard weights) and the number of shards. A map at a limit loads; one past it is
 * refused with SW007, the path of the field and the computed value.
 */
class RingLimitsTest {

  private final ShardMapLoader loader = new ShardMapLoader(new FakeSecrets());

  @ParameterizedTest(name = "{0} shards of weight {1}, virtualNodes {2}")
  @CsvSource({
    "2, 512, 1024", // exactly MAX_POINTS
    "256, 1, 4096", // MAX_SHARDS and MAX_POINTS
    "1, 1000, 1048", // the largest weight
    "104, 1, 10000", // the largest virtualNodes
    "256, 4, ", // the default virtualNodes (512)
  })
  void aMapAtTheLimits_loads(int shards, int weight, Integer virtualNodes) throws Exception {
    ShardMap map = loader.readYaml(map(shards, weight, virtualNodes), "m.yaml");
    assertThat(map.shards()).hasSize(shards);
    assertThat((long) map.ring().virtualNodes() * shards * weight)
        .isLessThanOrEqualTo(RingSettings.MAX_POINTS);
  }

  @ParameterizedTest(name = "{0} shards of weight {1}, virtualNodes {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2 | 1000 | 10000 | ring.virtualNodes | 20,000,000 points (virtualNodes 10000 x total shard"
            + " weight 2000)",
        "8 | 1000 | 10000 | ring.virtualNodes | 80,000,000 points (virtualNodes 10000 x total shard"
            + " weight 8000)",
        "1 | 1000 | 1049 | ring.virtualNodes | 1,049,000 points (virtualNodes 1049 x total shard"
            + " weight 1000)",
        "105 | 1 | 10000 | ring.virtualNodes | 1,050,000 points (virtualNodes 10000 x total shard"
            + " weight 105)",
        "3 | 683 | | shards | 1,049,088 points (virtualNodes 512 x total shard weight 2049)",
      })
  void aRingOverThePointLimit_isRefused_namingTheFieldAndTheCount(
      int shards, int weight, Integer virtualNodes, String path, String count) {
    assertThat(errorsOf(map(shards, weight, virtualNodes)))
        .containsExactly(
            path
                + ": the ring would have "
                + count
                + ", more than the limit of 1,048,576; lower ring.virtualNodes or the shards'"
                + " weights");
  }

  @ParameterizedTest(name = "{0} shards")
  @CsvSource({"257", "300", "1024"})
  void moreShardsThanTheLimit_areRefused(int shards) {
    assertThat(errorsOf(map(shards, 1, 1)))
        .containsExactly(
            "shards: "
                + shards
                + " shards, more than the limit of 256; give each shard a larger share (weight)"
                + " or split the tables over several shard maps");
  }

  /** A map of {@code shards} H2 shards of one weight; {@code virtualNodes} left out when null. */
  static String map(int shards, int weight, Integer virtualNodes) {
    StringBuilder yaml = new StringBuilder("version: 1\n");
    if (virtualNodes != null) {
      yaml.append("ring: { virtualNodes: ").append(virtualNodes).append(" }\n");
    }
    yaml.append("shards:\n");
    for (int s = 1; s <= shards; s++) {
      yaml.append("  - { name: s")
          .append(s)
          .append(", weight: ")
          .append(weight)
          .append(", primary: { url: 'jdbc:h2:mem:limits-s")
          .append(s)
          .append("' } }\n");
    }
    return yaml.append("defaultShard: s1\n").toString();
  }

  private List<String> errorsOf(String yaml) {
    ShardMapException e =
        catchThrowableOfType(ShardMapException.class, () -> loader.readYaml(yaml, "test.yaml"));
    assertThat((Throwable) e).as("a shard map past a limit").isNotNull();
    assertThat(e.getSQLState()).isEqualTo(ErrorCode.INVALID_SHARD_MAP.sqlState());
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
