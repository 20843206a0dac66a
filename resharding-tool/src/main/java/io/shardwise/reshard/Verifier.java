package io.shardwise.reshard;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Proves a copy complete and the source untouched: per moved range, the count and checksum of the
 * rows on the source now, on the target, and as copy recorded them while reading. A range that
 * differs is scanned again keeping per-key hashes, to name the first keys that differ. A passing
 * run writes the marker that {@code cleanup} requires.
 */
public final class Verifier {

  /** How many differing keys are listed per range. */
  static final int MISMATCHES_LISTED = 10;

  private final PlanFile planFile;

  public Verifier(PlanFile planFile) {
    this.planFile = planFile;
  }

  /** The outcome of one verify run. */
  public static final class Result {
    private final List<PairCheck> checks;
    private final List<String> problems;

    Result(List<PairCheck> checks, List<String> problems) {
      this.checks = List.copyOf(checks);
      this.problems = List.copyOf(problems);
    }

    public boolean passed() {
      return problems.isEmpty() && checks.stream().allMatch(PairCheck::passed);
    }

    public void print(PrintWriter out) {
      problems.forEach(out::println);
      for (PairCheck check : checks) {
        String verdict;
        if (check.passed()) {
          verdict = "OK";
        } else if (!check.sourceUnchanged()) {
          verdict = "SOURCE CHANGED SINCE COPY (a write to a frozen shard?)";
        } else {
          verdict = "TARGET DIFFERS";
        }
        out.printf(
            "%-32s %-6s source %s | target %s%n",
            check.pair().id(),
            verdict.equals("OK") ? "OK" : "FAIL",
            check.sourceNow(),
            check.target());
        if (!check.passed()) {
          out.println("    " + verdict + "; copy recorded " + check.recorded());
          check.firstMismatches().forEach(m -> out.println("    " + m));
        }
      }
      out.println(passed() ? "verify passed" : "verify FAILED");
    }
  }

  public Result run() throws SQLException {
    ReshardPlan plan = planFile.read();
    ReshardMaps maps = ReshardMaps.of(plan);
    String identity = planFile.identity();
    List<String> problems = new ArrayList<>();
    Map<String, TaskProgress> copied = Map.of();
    if (!CheckpointStore.exists(planFile.copyCheckpoint())) {
      problems.add("copy has not run for this plan (no " + planFile.copyCheckpoint() + ")");
    } else {
      copied = CheckpointStore.open(planFile.copyCheckpoint(), identity).all();
    }
    List<PairCheck> checks = new ArrayList<>();
    for (PlannedTable table : plan.tables()) {
      for (String source : plan.sourcesOf(table.name())) {
        TaskProgress progress =
            copied.getOrDefault(CopyTask.id(table.name(), source), TaskProgress.START);
        if (!progress.done()) {
          problems.add(
              "copy of " + CopyTask.id(table.name(), source) + " is not finished; rerun copy");
        }
      }
      checks.addAll(checkTable(plan, maps, table, copied));
    }
    Result result = new Result(checks, problems);
    if (result.passed()) {
      Map<String, Object> marker = new LinkedHashMap<>();
      marker.put("plan", identity);
      marker.put("verifiedAt", Instant.now().toString());
      marker.put("ranges", checks.size());
      YamlFiles.writeAtomically(planFile.verifyMarker(), marker);
    } else {
      VerifyMarker.delete(planFile);
    }
    return result;
  }

  private List<PairCheck> checkTable(
      ReshardPlan plan, ReshardMaps maps, PlannedTable table, Map<String, TaskProgress> copied)
      throws SQLException {
    RangeSums sums = new RangeSums(plan, maps, table);
    for (String source : plan.sourcesOf(table.name())) {
      sums.scanSource(source);
    }
    for (String target : plan.targetsOf(table.name())) {
      sums.scanTarget(target);
    }
    List<PairCheck> checks = new ArrayList<>();
    for (MovePair pair : plan.pairsOf(table.name())) {
      RangeChecksum recorded =
          copied
              .getOrDefault(CopyTask.id(pair.table(), pair.source()), TaskProgress.START)
              .movedTo(pair.target());
      RangeChecksum sourceNow = sums.source(pair);
      RangeChecksum target = sums.target(pair);
      List<String> mismatches =
          recorded.equals(sourceNow) && sourceNow.equals(target)
              ? List.of()
              : sums.firstMismatches(pair);
      checks.add(new PairCheck(pair, recorded, sourceNow, target, mismatches));
    }
    return checks;
  }

  /** The checksums of one table's moved ranges, read from the sources and the targets. */
  private static final class RangeSums {
    private final ReshardPlan plan;
    private final ReshardMaps maps;
    private final PlannedTable table;
    private final Map<String, RangeChecksum> sourceSums = new HashMap<>();
    private final Map<String, RangeChecksum> targetSums = new HashMap<>();

    RangeSums(ReshardPlan plan, ReshardMaps maps, PlannedTable table) {
      this.plan = plan;
      this.maps = maps;
      this.table = table;
    }

    RangeChecksum source(MovePair pair) {
      return sourceSums.getOrDefault(pair.id(), RangeChecksum.EMPTY);
    }

    RangeChecksum target(MovePair pair) {
      return targetSums.getOrDefault(pair.id(), RangeChecksum.EMPTY);
    }

    void scanSource(String source) throws SQLException {
      scan(
          source,
          true,
          (filter, row, hash, key) -> {
            for (String target : sourceRange(filter, row)) {
              sourceSums.merge(
                  pairId(source, target), RangeChecksum.EMPTY.plus(hash), RangeChecksum::plus);
            }
          });
    }

    void scanTarget(String target) throws SQLException {
      scan(
          target,
          false,
          (filter, row, hash, key) -> {
            String source = targetRange(filter, row, target);
            if (source != null) {
              targetSums.merge(
                  pairId(source, target), RangeChecksum.EMPTY.plus(hash), RangeChecksum::plus);
            }
          });
    }

    /** Keys whose rows differ between the pair's source and target, the first few in key order. */
    List<String> firstMismatches(MovePair pair) throws SQLException {
      Map<String, Long> onSource = new HashMap<>();
      Map<String, Long> onTarget = new HashMap<>();
      scan(
          pair.source(),
          true,
          (filter, row, hash, key) -> {
            if (sourceRange(filter, row).contains(pair.target())) {
              onSource.put(key, hash);
            }
          });
      scan(
          pair.target(),
          false,
          (filter, row, hash, key) -> {
            if (pair.source().equals(targetRange(filter, row, pair.target()))) {
              onTarget.put(key, hash);
            }
          });
      TreeMap<String, String> differences = new TreeMap<>();
      onSource.forEach(
          (key, hash) -> {
            Long there = onTarget.get(key);
            if (there == null) {
              differences.put(key, "key " + key + ": missing on " + pair.target());
            } else if (!there.equals(hash)) {
              differences.put(
                  key,
                  "key "
                      + key
                      + ": row differs between "
                      + pair.source()
                      + " and "
                      + pair.target());
            }
          });
      onTarget.forEach(
          (key, hash) -> {
            if (!onSource.containsKey(key)) {
              differences.put(
                  key, "key " + key + ": on " + pair.target() + " but not on " + pair.source());
            }
          });
      List<String> first = new ArrayList<>();
      for (String difference : differences.values()) {
        if (first.size() == MISMATCHES_LISTED) {
          first.add("... " + (differences.size() - MISMATCHES_LISTED) + " more");
          break;
        }
        first.add(difference);
      }
      if (first.isEmpty()) {
        first.add("every key matches now, but the source changed since the copy recorded it");
      }
      return first;
    }

    private String pairId(String source, String target) {
      return new MovePair(table.name(), source, target, 0).id();
    }

    /** The targets a source row is copied to. */
    private static List<String> sourceRange(MoveFilter filter, Object[] row) {
      if (filter.broadcast()) {
        return filter.broadcastTargets();
      }
      String target = filter.targetOf(row);
      return target == null ? List.of() : List.of(target);
    }

    /** The source a target row was copied from, or null if it was not moved. */
    private String targetRange(MoveFilter filter, Object[] row, String target) {
      if (filter.broadcast()) {
        return maps.broadcastSource();
      }
      return filter.movedFrom(row, target);
    }

    private interface HashedRowConsumer {
      void accept(MoveFilter filter, Object[] row, long hash, String key) throws SQLException;
    }

    private void scan(String shard, boolean asSource, HashedRowConsumer consumer)
        throws SQLException {
      CopyDialect dialect = maps.dialect(shard);
      try (Connection connection =
          asSource ? maps.connectSource(shard) : maps.connectTarget(shard)) {
        TableShape shape = TableShape.discover(connection, dialect, table.name());
        MoveFilter filter = MoveFilter.of(plan, maps.placement(), table.name(), shard, shape);
        int[] canonical = shape.canonicalOrder();
        int[] keyIndexes = shape.primaryKeyIndexes();
        RowHasher hasher = new RowHasher();
        TableScanner.scan(
            connection,
            dialect,
            shape,
            row -> {
              Object[] key = new Object[keyIndexes.length];
              for (int i = 0; i < key.length; i++) {
                key[i] = row[keyIndexes[i]];
              }
              consumer.accept(
                  filter,
                  row,
                  hasher.hash(CopyTask.canonicalValues(row, canonical)),
                  String.join(",", KeyCodec.encode(key)));
            });
      }
    }
  }
}
