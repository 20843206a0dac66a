package io.shardwise.reshard;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The checkpoint file of one step (copy or cleanup) of one plan: every task's {@link TaskProgress},
 * rewritten atomically after each batch. A batch's writes are committed before its checkpoint, so
 * after a crash the file names a batch that is fully written, and the batches after it are redone
 * by idempotent writes. Thread-safe: parallel tasks share one store.
 *
 * <p>Writes are grouped: forcing the file to disk takes tens of milliseconds on a busy disk, so a
 * task whose update arrives while another task is writing the file does not wait; the writing task
 * writes again, with every update that arrived meanwhile, before it returns. The file may thus lag
 * the batches committed by a few, which only means a few more batches redone (and skipped as
 * already there) after a crash; never a batch claimed before it is committed. {@link #flush} writes
 * everything before a step ends.
 */
final class CheckpointStore {

  private final Path file;
  private final String planIdentity;
  private final Map<String, TaskProgress> tasks = new TreeMap<>();
  private final ReentrantLock writing = new ReentrantLock();
  private long version;
  private long written; // version last on disk

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

  /** Records a task's progress and writes the file, unless another task is writing it now. */
  void put(String taskId, TaskProgress progress) {
    synchronized (this) {
      tasks.put(taskId, progress);
      version++;
    }
    // Checked after our own update: if the writer of the moment misses it, it sees it here after
    // it unlocks, and writes again.
    while (dirty() && writing.tryLock()) {
      try {
        writeLatest();
      } finally {
        writing.unlock();
      }
    }
  }

  /** Writes every recorded progress to the file, waiting for a write in progress. */
  void flush() {
    writing.lock();
    try {
      writeLatest();
    } finally {
      writing.unlock();
    }
  }

  private synchronized boolean dirty() {
    return version != written;
  }

  private void writeLatest() {
    Map<String, Object> yaml = new LinkedHashMap<>();
    long snapshot;
    synchronized (this) {
      if (version == written) {
        return;
      }
      snapshot = version;
      yaml.put("plan", planIdentity);
      Map<String, Object> t = new LinkedHashMap<>();
      tasks.forEach((id, p) -> t.put(id, p.toYaml()));
      yaml.put("tasks", t);
    }
    YamlFiles.writeAtomically(file, yaml);
    synchronized (this) {
      written = snapshot;
    }
  }
}
