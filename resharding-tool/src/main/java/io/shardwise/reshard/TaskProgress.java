package io.shardwise.reshard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far one (table, source shard) task got: the last primary key it finished, whether it is done,
 * how many source rows it scanned, and per target shard the rows it moved with their checksum (read
 * from the source, so verify can tell whether the source changed since).
 *
 * @param lastKey the encoded primary key of the last row of the last finished batch; null before
 *     the first
 * @param done whether the task reached the end of the table
 * @param batches finished batches
 * @param scanned source rows read in finished batches
 * @param moved per target shard, the rows written (or deleted) and their checksum
 */
record TaskProgress(
    List<String> lastKey,
    boolean done,
    long batches,
    long scanned,
    Map<String, RangeChecksum> moved) {

  static final TaskProgress START = new TaskProgress(null, false, 0, 0, Map.of());

  TaskProgress {
    lastKey = lastKey == null ? null : List.copyOf(lastKey);
    moved = Map.copyOf(moved);
  }

  long movedRows() {
    return moved.values().stream().mapToLong(RangeChecksum::rows).sum();
  }

  RangeChecksum movedTo(String target) {
    return moved.getOrDefault(target, RangeChecksum.EMPTY);
  }

  /** This progress after one more batch. */
  TaskProgress after(
      List<String> batchLastKey, long batchRows, Map<String, RangeChecksum> batchMoved) {
    Map<String, RangeChecksum> sum = new LinkedHashMap<>(moved);
    batchMoved.forEach((target, checksum) -> sum.merge(target, checksum, RangeChecksum::plus));
    return new TaskProgress(batchLastKey, false, batches + 1, scanned + batchRows, sum);
  }

  TaskProgress finished() {
    return new TaskProgress(lastKey, true, batches, scanned, moved);
  }

  Map<String, Object> toYaml() {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("lastKey", lastKey);
    yaml.put("done", done);
    yaml.put("batches", batches);
    yaml.put("scanned", scanned);
    Map<String, Object> m = new LinkedHashMap<>();
    moved.forEach((target, checksum) -> m.put(target, checksum.toYaml()));
    yaml.put("moved", m);
    return yaml;
  }

  static TaskProgress fromYaml(Map<?, ?> yaml) {
    Map<String, RangeChecksum> moved = new LinkedHashMap<>();
    ((Map<?, ?>) yaml.get("moved"))
        .forEach((target, node) -> moved.put((String) target, RangeChecksum.fromYaml(node)));
    List<?> key = (List<?>) yaml.get("lastKey");
    return new TaskProgress(
        key == null ? null : key.stream().map(String.class::cast).toList(),
        (Boolean) yaml.get("done"),
        ((Number) yaml.get("batches")).longValue(),
        ((Number) yaml.get("scanned")).longValue(),
        moved);
  }
}
