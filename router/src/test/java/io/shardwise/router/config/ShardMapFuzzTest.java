package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random shard maps, valid ones broken at random and structures no map has: the only
 * outcomes are a map or a {@link ShardMapException} with SQLState SW007, each within a time bound.
 * A failure names its seed, and the same seed gives the same input on every run.
 */
class ShardMapFuzzTest {

  private static final int CASES = 300;
  private static final Duration PER_INPUT = Duration.ofSeconds(10);

  private static final String VALID =
      """
      version: 1
      ring: { hash: xxh64, virtualNodes: 16 }
      shards:
        - name: s1
          weight: 2
          primary: { url: "jdbc:postgresql://127.0.0.1:25432/app", user: app, password: pw1 }
          replicas:
            - { url: "jdbc:postgresql://127.0.0.1:25433/app", user: app, password: pw1 }
        - name: s2
          primary: { url: "jdbc:h2:mem:s2", user: sa }
      tables:
        users: &accounts { shardKey: user_id, group: accounts }
        orders: *accounts
        countries: { broadcast: true }
      defaultShard: s1
      reads: { strategy: round-robin, maxReplicaLag: 2s }
      pool: { maximumPoolSize: 4, connectionTimeout: 1s }
      unanalysable: refuse
      """;

  /** Characters that mean something to YAML, and a few that do not. */
  private static final String ALPHABET = "[]{}:,-?&*!|>'\"%@`#\n\t \\~=$.0aZ\u0000\u00e9\ud83d";

  private final ShardMapLoader loader =
      new ShardMapLoader(new FakeSecrets().env("X", "x").file("/f", "f"));

  @Test
  void randomInput_givesAMapOrAnSw007() {
    for (int seed = 1; seed <= CASES; seed++) {
      Random random = new Random(seed);
      String yaml =
          switch (seed % 6) {
            case 0 -> mutated(random);
            case 1 -> nesting(random);
            case 2 -> deepBlocks(random);
            case 3 -> aliasSoup(random);
            case 4 -> noise(random);
            default -> longLine(random);
          };
      check(seed, yaml);
    }
  }

  private void check(int seed, String yaml) {
    Throwable thrown =
        assertTimeoutPreemptively(
            PER_INPUT,
            () -> {
              try {
                loader.readYaml(yaml, "fuzz.yaml");
                return null;
              } catch (Throwable t) {
                return t;
              }
            },
            "seed " + seed);
    if (thrown != null) {
      assertThat(thrown).as("seed %d", seed).isInstanceOf(ShardMapException.class);
      assertThat(((ShardMapException) thrown).getSQLState()).as("seed %d", seed).isEqualTo("SW007");
      assertThat(thrown.getMessage()).as("seed %d", seed).isNotBlank();
    }
  }

  /** The valid map with up to 20 characters inserted, deleted or replaced. */
  private static String mutated(Random random) {
    StringBuilder sb = new StringBuilder(VALID);
    int edits = 1 + random.nextInt(20);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(sb.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> sb.insert(at, c);
        case 1 -> sb.deleteCharAt(at);
        default -> sb.setCharAt(at, c);
      }
    }
    return sb.toString();
  }

  /** Up to 10000 random openers of flow collections, closed or not. */
  private static String nesting(Random random) {
    int depth = random.nextInt(10_000);
    StringBuilder sb = new StringBuilder("version: 1\nshards: ");
    StringBuilder closers = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (random.nextBoolean()) {
        sb.append('[');
        closers.append(']');
      } else {
        sb.append("{k").append(i).append(": ");
        closers.append('}');
      }
    }
    if (random.nextBoolean()) {
      sb.append(closers.reverse());
    }
    return sb.toString();
  }

  /** Block mappings and sequences up to 400 levels deep. */
  private static String deepBlocks(Random random) {
    int depth = random.nextInt(400);
    StringBuilder sb = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= depth; i++) {
      sb.append(" ".repeat(i)).append(random.nextBoolean() ? "- " : "k: ").append('\n');
    }
    return sb.toString();
  }

  /** Anchors on collections and aliases of them, including of ones still open. */
  private static String aliasSoup(Random random) {
    StringBuilder sb = new StringBuilder("version: 1\n");
    int anchors = 1 + random.nextInt(30);
    for (int i = 0; i < anchors; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      int items = random.nextInt(12);
      for (int j = 0; j < items; j++) {
        sb.append(j == 0 ? "" : ", ")
            .append(random.nextInt(4) == 0 ? "x" : "*a" + random.nextInt(i + 1));
      }
      sb.append("]\n");
    }
    sb.append("shards: *a").append(random.nextInt(anchors)).append('\n');
    return sb.toString();
  }

  /** Random characters of the alphabet. */
  private static String noise(Random random) {
    int length = random.nextInt(2_000);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** One line of up to 1.2 MB: a scalar, a flow list or a quoted string. */
  private static String longLine(Random random) {
    int length = random.nextInt(1_200_000);
    return switch (random.nextInt(3)) {
      case 0 -> "version: 1\nshards: " + "s".repeat(length);
      case 1 -> "version: 1\nshards: [" + "a,".repeat(length / 2) + "]";
      default -> "version: 1\nshards: \"" + "q".repeat(length) + "\"";
    };
  }
}
