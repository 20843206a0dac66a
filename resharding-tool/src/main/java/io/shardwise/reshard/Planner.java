package io.shardwise.reshard;

import io.shardwise.router.config.TableRule;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts what a reshard moves: streams the shard key of every row on every old shard, places it on
 * the new ring, and counts per (table, source, target). Broadcast tables count in full once per
 * added shard. Every table's shape is checked on every shard of both maps first, so a missing table
 * or primary key is refused before any row moves.
 */
public final class Planner {

  private final ReshardMaps maps;
  private final Path from;
  private final Path to;

  private Planner(ReshardMaps maps, Path from, Path to) {
    this.maps = maps;
    this.from = from;
    this.to = to;
  }

  public static Planner of(Path from, Path to) {
    Path fromAbs = from.toAbsolutePath().normalize();
    Path toAbs = to.toAbsolutePath().normalize();
    return new Planner(ReshardMaps.load(fromAbs, toAbs), fromAbs, toAbs);
  }

  /** The ideal share of sharded rows that move for this change of maps. */
  public double idealMovedShare() {
    return maps.idealMovedShare();
  }

  ReshardPlan plan() throws SQLException {
    List<TableRule> rules = new ArrayList<>(maps.oldMap().tables().values());
    // Tables of one group side by side, so they are planned, copied and reported together.
    rules.sort(
        Comparator.comparing((TableRule r) -> r.isSharded() ? r.group() : "~" + r.name())
            .thenComparing(TableRule::name));
    checkShapes(rules);
    List<PlannedTable> tables = new ArrayList<>();
    List<MovePair> pairs = new ArrayList<>();
    for (TableRule rule : rules) {
      if (rule.isSharded()) {
        tables.add(planSharded(rule, pairs));
      } else {
        tables.add(planBroadcast(rule, pairs));
      }
    }
    return new ReshardPlan(from, YamlFiles.sha256(from), to, YamlFiles.sha256(to), tables, pairs);
  }

  private void checkShapes(List<TableRule> rules) throws SQLException {
    Set<String> shards = new TreeSet<>(maps.oldShards());
    shards.addAll(maps.newShards());
    for (String shard : shards) {
      boolean isOld = maps.oldShards().contains(shard);
      try (Connection connection = isOld ? maps.connectSource(shard) : maps.connectTarget(shard)) {
        for (TableRule rule : rules) {
          TableShape.discover(connection, maps.dialect(shard), rule.name());
        }
      }
    }
  }

  private PlannedTable planSharded(TableRule rule, List<MovePair> pairs) throws SQLException {
    long total = 0;
    for (String source : maps.oldShards()) {
      Map<String, Long> byTarget = new LinkedHashMap<>();
      total += countMoves(source, rule, byTarget);
      byTarget.forEach(
          (target, rows) -> pairs.add(new MovePair(rule.name(), source, target, rows)));
    }
    return new PlannedTable(rule.name(), false, rule.shardKey(), rule.group(), total);
  }

  /** Streams the shard key of every row on {@code source}; returns the rows seen. */
  private long countMoves(String source, TableRule rule, Map<String, Long> byTarget)
      throws SQLException {
    CopyDialect dialect = maps.dialect(source);
    Placement placement = maps.placement();
    long seen = 0;
    try (Connection connection = maps.connectSource(source)) {
      TableShape shape = TableShape.discover(connection, dialect, rule.name());
      String key = shape.columns().get(shape.columnIndex(rule.shardKey()));
      try (Statement statement = dialect.streamingStatement(connection);
          ResultSet rs =
              statement.executeQuery(
                  "SELECT " + dialect.quote(key) + " FROM " + dialect.quote(shape.name()))) {
        while (rs.next()) {
          seen++;
          String target = placement.newOwner(Placement.hash(rs.getObject(1), rule));
          if (!target.equals(source)) {
            byTarget.merge(target, 1L, Long::sum);
          }
        }
      }
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    }
    return seen;
  }

  private PlannedTable planBroadcast(TableRule rule, List<MovePair> pairs) throws SQLException {
    String source = maps.broadcastSource();
    long rows;
    CopyDialect dialect = maps.dialect(source);
    try (Connection connection = maps.connectSource(source);
        Statement statement = connection.createStatement()) {
      TableShape shape = TableShape.discover(connection, dialect, rule.name());
      try (ResultSet rs =
          statement.executeQuery("SELECT COUNT(*) FROM " + dialect.quote(shape.name()))) {
        rs.next();
        rows = rs.getLong(1);
      }
    }
    for (String target : maps.addedShards()) {
      pairs.add(new MovePair(rule.name(), source, target, rows));
    }
    return new PlannedTable(rule.name(), true, null, null, rows);
  }

  /** Plans, writes the plan file and returns the plan. */
  public ReshardPlanSummary planTo(PlanFile file) throws SQLException {
    ReshardPlan plan = plan();
    file.write(plan);
    return new ReshardPlanSummary(plan, maps.idealMovedShare());
  }
}
