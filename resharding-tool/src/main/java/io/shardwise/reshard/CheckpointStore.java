package io.shardwise.reshard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint file of one step (copy or cleanup) of one plan: every task's {@link TaskProgress},
 * rewritten atomically after each batch. A batch's writes are committed before its checkpoint, so
 * after a crash the file names a batch that is fully written, and the batches after it are redone
 * by idempotent writes. Thread-safe: parallel tasks share one store.
 */
final class CheckpointStore {

  private final Path file;
  private final String planIdentity;
  private final Map<String, TaskProgress> tasks = new TreeMap<>();

  private CheckpointStore(Path file, String planIdentity) {
    this.file = file;
    this.planIdentity = planIdentity;
  }

  /**
   * The checkpoint at {@code file}, empty if there is none.
   *
   * @throws ReshardException if it belongs to another plan
   */
  static CheckpointStore open(Path file, String planIdentity) {
    CheckpointStore store = new CheckpointStore(file, planIdentity);
    Map<?, ?> yaml = YamlFiles.readIfExists(file);
    if (yaml != null) {
      if (!planIdentity.equals(yaml.get("plan"))) {
        throw new ReshardException(
            "Checkpoint "
                + file
                + " belongs to another plan (the plan file changed since it was written). Delete"
                + " it only if no copy of that plan is half done.");
      }
      ((Map<?, ?>) yaml.get("tasks"))
          .forEach(
              (id, node) -> store.tasks.put((String) id, TaskProgress.fromYaml((Map<?, ?>) node)));
    }
    return store;
  }

  static boolean exists(Path file) {
    return YamlFiles.readIfExists(file) != null;
  }

  synchronized TaskProgress get(String taskId) {
    return tasks.getOrDefault(taskId, TaskProgress.START);
  }

  synchronized Map<String, TaskProgress> all() {
    return new TreeMap<>(tasks);
  }

  synchronized void put(String taskId, TaskProgress progress) {
    tasks.put(taskId, progress);
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("plan", planIdentity);
    Map<String, Object> t = new LinkedHashMap<>();
    tasks.forEach((id, p) -> t.put(id, p.toYaml()));
    yaml.put("tasks", t);
    YamlFiles.writeAtomically(file, yaml);
  }
}
