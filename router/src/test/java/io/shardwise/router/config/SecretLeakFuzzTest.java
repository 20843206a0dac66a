package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random secrets in every position a password can take in a shard map: inline and unquoted after a
 * YAML indicator ({@code !S}, {@code *S}, {@code &S}, {@code @S} ...), inside a node URL in each
 * URL form, and through {@code ${env:...}}; in maps that load and in maps with mistakes around
 * them. The secret's text never appears in an exception message, a {@code toString} or a reload's
 * list of changes. Seeded: a failure names its seed.
 */
class SecretLeakFuzzTest {

  private static final int CASES = 300;

  /** Characters a secret may hold in every position tested: none separates URL parameters. */
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  /** What may come right before an unquoted password, each a YAML indicator or nothing. */
  private static final List<String> INDICATORS =
      List.of("", "!", "!!", "*", "&", "@", "`", "%", "|", ">", "? ", "- ", "[", "{", "'", "\"");

  /** URL forms with the secret at {@code S}; {@code N} is a number that keeps URLs apart. */
  private static final List<String> URL_FORMS =
      List.of(
          "jdbc:postgresql://app:{S}@127.0.0.1:5432/db{N}",
          "jdbc:postgresql://127.0.0.1/db{N}?user=app&password={S}",
          "jdbc:postgresql://127.0.0.1/db{N}?password={S}&ssl=true",
          "jdbc:postgresql://127.0.0.1/db{N}?sslpassword={S}",
          "jdbc:mariadb://app:{S}@127.0.0.1:3306/db{N}",
          "jdbc:mariadb://127.0.0.1/db{N}?user=app&password={S}",
          "jdbc:mysql://(host=127.0.0.1,user=app,password={S})/db{N}",
          "jdbc:h2:mem:db{N};USER=sa;PASSWORD={S}",
          "jdbc:h2:mem:db{N};password={S};MODE=PostgreSQL",
          "jdbc:sqlserver://h;databaseName=db{N};user=u;password={S}",
          "jdbc:oracle:thin:app/{S}@127.0.0.1:1521/db{N}");

  @Test
  void aSecretInAnyPosition_neverReachesAnOutput() {
    for (int seed = 1; seed <= CASES; seed++) {
      Random random = new Random(seed);
      String secret = secret(random);
      FakeSecrets env = new FakeSecrets().env("PW", secret);
      List<String> outputs = new ArrayList<>();
      String yaml = map(random, secret, env, outputs);
      ShardMapLoader loader = new ShardMapLoader(env);
      try {
        ShardMap map = loader.readYaml(yaml, "secret.yaml");
        outputs.add(map.toString());
        map.shards().forEach(shard -> outputs.add(shard.toString()));
        ShardMap other = loader.readYaml(VALID_OTHER, "other.yaml");
        ShardMapChanges changes = ShardMapChanges.between(other, map);
        outputs.addAll(changes.live());
        outputs.addAll(changes.movingData());
        changes = ShardMapChanges.between(map, other);
        outputs.addAll(changes.live());
        outputs.addAll(changes.movingData());
      } catch (ShardMapException e) {
        assertThat(e.getSQLState()).isEqualTo("SW007");
        outputs.add(e.getMessage());
        e.errors().forEach(error -> outputs.add(error.toString()));
      }
      for (String output : outputs) {
        assertThat(output).as("seed %d, map:%n%s", seed, yaml).doesNotContain(secret);
      }
    }
  }

  private static final String VALID_OTHER =
      """
      version: 1
      shards:
        - { name: s1, primary: { url: "jdbc:h2:mem:other" } }
      """;

  /** 10 to 24 characters, starting with a marker no other text of the map holds. */
  private static String secret(Random random) {
    StringBuilder sb = new StringBuilder("Zq");
    int length = 8 + random.nextInt(15);
    for (int i = 0; i < length; i++) {
      sb.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
    }
    return sb.toString();
  }

  private static String map(Random random, String secret, FakeSecrets env, List<String> outputs) {
    StringBuilder sb = new StringBuilder("version: 1\nshards:\n");
    int shards = 1 + random.nextInt(3);
    for (int i = 1; i <= shards; i++) {
      sb.append("  - name: s").append(i).append('\n');
      sb.append("    primary: ").append(node(random, secret, env, i * 10)).append('\n');
      if (random.nextBoolean()) {
        sb.append("    replicas:\n      - ").append(node(random, secret, env, i * 10 + 1));
        sb.append('\n');
      }
    }
    switch (random.nextInt(4)) {
      case 0 -> sb.append("reads: { strategy: nonsense }\n"); // a mistake beside the secret
      case 1 -> sb.append("unknownKey: 1\n");
      case 2 -> sb.append("shards: again\n"); // a duplicate key: a YAML error
      default -> {
        // no other mistake
      }
    }
    return sb.toString();
  }

  /** A node with the secret in a random position: its password, or a part of its URL. */
  private static String node(Random random, String secret, FakeSecrets env, int number) {
    String url =
        URL_FORMS.get(random.nextInt(URL_FORMS.size())).replace("{N}", String.valueOf(number));
    return switch (random.nextInt(5)) {
      case 0 ->
          "\n        url: \"jdbc:h2:mem:n"
              + number
              + "\"\n        password: "
              + INDICATORS.get(random.nextInt(INDICATORS.size()))
              + secret;
      case 1 -> "{ url: \"" + url.replace("{S}", secret) + "\", user: app }";
      case 2 -> "{ url: \"" + url.replace("{S}", "${env:PW}") + "\", user: app }";
      case 3 -> {
        env.env("URL" + number, url.replace("{S}", secret));
        yield "{ url: \"${env:URL" + number + "}\" }";
      }
      default ->
          "{ url: "
              + INDICATORS.get(random.nextInt(INDICATORS.size()))
              + url.replace("{S}", secret)
              + " }";
    };
  }
}
