package io.shardwise.reshard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link ReshardPlan}s, and names the files that sit beside a plan: the copy and
 * cleanup checkpoints and the verify marker. A plan's identity is the SHA-256 of its file, so a
 * checkpoint or marker of another (or an edited) plan is never taken for this one's.
 */
public final class PlanFile {

  static final int FORMAT = 1;

  private final Path path;

  public PlanFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  public Path path() {
    return path;
  }

  Path copyCheckpoint() {
    return sibling(".copy-checkpoint.yaml");
  }

  Path cleanupCheckpoint() {
    return sibling(".cleanup-checkpoint.yaml");
  }

  Path verifyMarker() {
    return sibling(".verified.yaml");
  }

  private Path sibling(String suffix) {
    String name = path.getFileName().toString();
    String base = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
    return path.resolveSibling(base + suffix);
  }

  /** The SHA-256 of the plan file: the identity checkpoints and the verify marker carry. */
  String identity() {
    return YamlFiles.sha256(path);
  }

  void write(ReshardPlan plan) {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("format", FORMAT);
    yaml.put("from", Map.of("map", plan.fromMap().toString(), "sha256", plan.fromSha256()));
    yaml.put("to", Map.of("map", plan.toMap().toString(), "sha256", plan.toSha256()));
    List<Object> tables = new ArrayList<>();
    for (PlannedTable table : plan.tables()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", table.name());
      t.put("kind", table.broadcast() ? "broadcast" : "sharded");
      if (!table.broadcast()) {
        t.put("shardKey", table.shardKey());
        t.put("group", table.group());
      }
      t.put("rows", table.rows());
      tables.add(t);
    }
    yaml.put("tables", tables);
    List<Object> pairs = new ArrayList<>();
    for (MovePair pair : plan.pairs()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("table", pair.table());
      p.put("source", pair.source());
      p.put("target", pair.target());
      p.put("rows", pair.rows());
      pairs.add(p);
    }
    yaml.put("pairs", pairs);
    YamlFiles.writeAtomically(path, yaml);
  }

  ReshardPlan read() {
    Map<?, ?> yaml = YamlFiles.readIfExists(path);
    if (yaml == null) {
      throw new ReshardException("No plan file at " + path + "; run `shardwise reshard plan`.");
    }
    if (!Integer.valueOf(FORMAT).equals(yaml.get("format"))) {
      throw new ReshardException(
          "Plan " + path + " has format " + yaml.get("format") + "; this tool reads " + FORMAT);
    }
    Map<?, ?> from = (Map<?, ?>) yaml.get("from");
    Map<?, ?> to = (Map<?, ?>) yaml.get("to");
    List<PlannedTable> tables = new ArrayList<>();
    for (Object node : (List<?>) yaml.get("tables")) {
      Map<?, ?> t = (Map<?, ?>) node;
      tables.add(
          new PlannedTable(
              (String) t.get("name"),
              "broadcast".equals(t.get("kind")),
              (String) t.get("shardKey"),
              (String) t.get("group"),
              ((Number) t.get("rows")).longValue()));
    }
    List<MovePair> pairs = new ArrayList<>();
    for (Object node : (List<?>) yaml.get("pairs")) {
      Map<?, ?> p = (Map<?, ?>) node;
      pairs.add(
          new MovePair(
              (String) p.get("table"),
              (String) p.get("source"),
              (String) p.get("target"),
              ((Number) p.get("rows")).longValue()));
    }
    return new ReshardPlan(
        Path.of((String) from.get("map")),
        (String) from.get("sha256"),
        Path.of((String) to.get("map")),
        (String) to.get("sha256"),
        tables,
        pairs);
  }
}
