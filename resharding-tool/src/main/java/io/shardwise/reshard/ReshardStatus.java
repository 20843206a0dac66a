package io.shardwise.reshard;

import java.io.PrintWriter;
import java.util.Map;

/** What {@code reshard status} prints: each step's state, and per pair planned vs done. */
public final class ReshardStatus {

  private final PlanFile planFile;

  public ReshardStatus(PlanFile planFile) {
    this.planFile = planFile;
  }

  public void print(PrintWriter out) {
    ReshardPlan plan = planFile.read();
    String identity = planFile.identity();
    Map<String, TaskProgress> copy = progress(planFile, true, identity);
    Map<String, TaskProgress> cleanup = progress(planFile, false, identity);
    out.println(
        "plan     " + planFile.path() + " (" + plan.fromMap() + " -> " + plan.toMap() + ")");
    out.println("copy     " + stepState(plan, copy, true));
    String verifiedAt = VerifyMarker.verifiedAt(planFile);
    out.println(
        "verify   "
            + (VerifyMarker.passedFor(planFile) ? "passed at " + verifiedAt : "not passed"));
    out.println("cleanup  " + stepState(plan, cleanup, false));
    out.printf(
        "%-32s %10s %10s %10s%n", "pair (table:source->target)", "planned", "copied", "deleted");
    for (MovePair pair : plan.pairs()) {
      String task = CopyTask.id(pair.table(), pair.source());
      out.printf(
          "%-32s %10d %10d %10s%n",
          pair.id(),
          pair.rows(),
          copy.getOrDefault(task, TaskProgress.START).movedTo(pair.target()).rows(),
          plan.table(pair.table()).broadcast()
              ? "-"
              : String.valueOf(
                  cleanup.getOrDefault(task, TaskProgress.START).movedTo(pair.target()).rows()));
    }
  }

  private static Map<String, TaskProgress> progress(
      PlanFile planFile, boolean copy, String identity) {
    var file = copy ? planFile.copyCheckpoint() : planFile.cleanupCheckpoint();
    return CheckpointStore.exists(file) ? CheckpointStore.open(file, identity).all() : Map.of();
  }

  private static String stepState(
      ReshardPlan plan, Map<String, TaskProgress> tasks, boolean includeBroadcast) {
    int total = 0;
    int done = 0;
    for (PlannedTable table : plan.tables()) {
      if (table.broadcast() && !includeBroadcast) {
        continue;
      }
      for (String source : plan.sourcesOf(table.name())) {
        total++;
        if (tasks.getOrDefault(CopyTask.id(table.name(), source), TaskProgress.START).done()) {
          done++;
        }
      }
    }
    if (tasks.isEmpty()) {
      return "not started (" + total + " tasks)";
    }
    return done == total
        ? "done (" + total + " tasks)"
        : "in progress: " + done + " of " + total + " tasks done";
  }
}
