package io.shardwise.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SimpleYaml} either reads a text exactly as {@link YamlTree} does (same maps in the same
 * order, lists, strings and nulls) or declines it, so that the YAML library reads it and reports
 * its mistakes.
 */
class SimpleYamlTest {

  /** The shape of the start-up benchmark's map: {@code shards} shards of 3 nodes. */
  private static String benchmarkMap(int shards) {
    String init =
        ";DB_CLOSE_DELAY=-1;INIT=CREATE TABLE IF NOT EXISTS users"
            + "(user_id BIGINT PRIMARY KEY, name VARCHAR(100))";
    StringBuilder yaml = new StringBuilder("version: 1\nshards:\n");
    for (int i = 1; i <= shards; i++) {
      String base = "jdbc:h2:mem:startup-s" + i;
      yaml.append("  - name: s").append(i).append('\n');
      yaml.append("    primary: { url: \"").append(base).append("-p").append(init);
      yaml.append("\", user: sa, password: \"\" }\n");
      yaml.append("    replicas:\n");
      for (int r = 1; r <= 2; r++) {
        yaml.append("      - { url: \"").append(base).append("-r").append(r).append(init);
        yaml.append("\", user: sa, password: \"\" }\n");
      }
    }
    return yaml.append(
            """
            tables:
              users:        { shardKey: user_id, group: accounts }
              countries:    { broadcast: true }
            defaultShard: s1
            """)
        .toString();
  }

  @Test
  void theRepositorysMaps_areReadWithoutTheYamlLibrary_toTheSameTree() throws IOException {
    List<String> maps =
        List.of(
            benchmarkMap(16),
            read(Path.of("src/test/resources/maps/full.yaml")),
            read(Path.of("src/test/resources/maps/three-mistakes.yaml")),
            read(Path.of("../docs/examples/shard-map.yaml")));
    for (String yaml : maps) {
      assertThat(SimpleYaml.read(yaml)).as(yaml).isNotNull();
      assertSameTree(yaml);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 1",
        "a: 1\nb:\n  c: x\n  d: ~\ne: null\nf: Null\ng: NULL\nh:",
        "a:\n- x\n- y\nb: 2",
        "a:\n  - x # a comment\n  -\n  - 'it''s'\n  - \"say \\\"hi\\\" \\\\\"",
        "# top\n\na: b   # trailing\n   # indented comment\nc: d",
        "a: { }\nb: {}\nc: { x: 1, y: \"2\", z: '3' }\nd: {x: a b, y: null, z: ~}",
        "a: { url: jdbc:postgresql://h:5432/app?x=y, user: app }",
        "a: jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;INIT=CREATE TABLE t(a INT, b INT)",
        "a: ${env:X}\nb: \"${file:/run/x}\"\nc: $${literal}",
        "a: b#c\nd: e #f\ng: 'h' # i\nj: { k: l } # m",
        "s:\n  - name: a\n    list:\n    - x\n    - y\n    w: 2\n  - name: b",
        "key.with-dots_1: v\n1e3: 0123\nx: 1.50\ny: yes\nz: off",
        "a: \"null\"\nb: ''\nc: \"~\"",
        "- a\n- b",
      })
  void textsWithinTheSubset_areReadToTheSameTree(String yaml) {
    assertThat(SimpleYaml.read(yaml)).as(yaml).isNotNull();
    assertSameTree(yaml);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "# only a comment",
        "a: 1\na: 2",
        "a: { x: 1, x: 2 }",
        "a: &anchor 1\nb: *anchor",
        "a: !!str 1",
        "a: |\n  text",
        "a: >\n  text",
        "a: [1, 2]",
        "a: \"multi\n  line\"",
        "a: plain\n  continued",
        "a: x: y",
        "a: \"\\n\"",
        "a:\tb",
        "a: b\r\nc: d",
        "a: caf\u00e9",
        "---\na: 1",
        "%YAML 1.2\n---\na: 1",
        "? a\n: b",
        "\"quoted key\": 1",
        "null: 1",
        "a: { b: { c: 1 } }",
        "a: { b: [1] }",
        "a: { b: 1, }",
        "a: { b: 1",
        "a: { b:1 }",
        "a: { b: ${env:X} }",
        "a: { b: x #c }",
        "a: 'x' y",
        "a: -1",
        "  a: 1",
        "a:\n    b: 1\n  c: 2",
        "a:\n- x\n - y",
        "- - x",
        "a: b:",
        "<<: {a: 1}",
      })
  void textsOutsideTheSubset_areLeftToTheYamlLibrary(String yaml) {
    assertThat(SimpleYaml.read(yaml)).as(yaml).isNull();
  }

  /** Damaged copies of real maps: whatever is not declined must read as the library reads it. */
  @Test
  void damagedMaps_areDeclinedOrReadToTheSameTree() throws IOException {
    List<String> maps =
        List.of(benchmarkMap(2), read(Path.of("src/test/resources/maps/full.yaml")));
    String pieces = " \n:#-,{}[]\"'\\&*!|>~%@`?$x0";
    Random random = new Random(42);
    int readSimply = 0;
    for (int round = 0; round < 1500; round++) {
      StringBuilder yaml = new StringBuilder(maps.get(round % maps.size()));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(yaml.length());
        switch (random.nextInt(3)) {
          case 0 -> yaml.deleteCharAt(at);
          case 1 -> yaml.insert(at, pieces.charAt(random.nextInt(pieces.length())));
          default -> yaml.setCharAt(at, pieces.charAt(random.nextInt(pieces.length())));
        }
      }
      if (SimpleYaml.read(yaml.toString()) != null) {
        readSimply++;
      }
      assertSameTree(yaml.toString());
    }
    assertThat(readSimply).as("damaged maps still within the subset").isGreaterThan(150);
  }

  /** When {@link SimpleYaml} reads a text, the library reads it without error to the same tree. */
  private static void assertSameTree(String yaml) {
    Object simple = SimpleYaml.read(yaml);
    if (simple == null) {
      return;
    }
    Object full;
    try {
      full = YamlTree.parse(yaml, "test.yaml");
    } catch (ShardMapException e) {
      throw new AssertionError("read simply, but the YAML library refuses it:\n" + yaml, e);
    }
    assertThat(ordered(simple)).as(yaml).isEqualTo(ordered(full));
  }

  /** The tree with every mapping as a list of its entries, so that key order is compared too. */
  private static Object ordered(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>();
      map.forEach(
          (key, value) -> entries.add(List.of("key:" + key, String.valueOf(ordered(value)))));
      return entries;
    }
    if (tree instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      list.forEach(item -> items.add(String.valueOf(ordered(item))));
      return items;
    }
    return tree == null ? "<null>" : "'" + tree + "' " + tree.getClass().getSimpleName();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
