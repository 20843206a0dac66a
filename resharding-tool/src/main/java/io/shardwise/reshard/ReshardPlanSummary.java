package io.shardwise.reshard;

import java.io.PrintWriter;

/** A plan as the operator reads it: per table and pair, the rows that move, and the share. */
public final class ReshardPlanSummary {

  private final ReshardPlan plan;
  private final double idealShare;

  ReshardPlanSummary(ReshardPlan plan, double idealShare) {
    this.plan = plan;
    this.idealShare = idealShare;
  }

  /** Moved rows of sharded tables over all their rows. */
  public double movedShare() {
    long moved = 0;
    long total = 0;
    for (PlannedTable table : plan.tables()) {
      if (!table.broadcast()) {
        total += table.rows();
        moved += plan.pairsOf(table.name()).stream().mapToLong(MovePair::rows).sum();
      }
    }
    return total == 0 ? 0 : (double) moved / total;
  }

  public double idealShare() {
    return idealShare;
  }

  public long movedRows() {
    return plan.movedRows();
  }

  public void print(PrintWriter out) {
    out.printf("%-16s %-10s %-8s %-8s %12s%n", "table", "kind", "source", "target", "rows");
    for (PlannedTable table : plan.tables()) {
      String kind = table.broadcast() ? "broadcast" : "group " + table.group();
      out.printf("%-16s %-10s %-8s %-8s %12d%n", table.name(), kind, "(all)", "", table.rows());
      for (MovePair pair : plan.pairsOf(table.name())) {
        out.printf(
            "%-16s %-10s %-8s %-8s %12d%n", "", "", pair.source(), pair.target(), pair.rows());
      }
    }
    out.printf(
        "rows to move: %d; share of sharded rows that moves: %.2f%% (ideal %.2f%%, ratio %.3f)%n",
        plan.movedRows(),
        movedShare() * 100,
        idealShare * 100,
        idealShare == 0 ? 0 : movedShare() / idealShare);
  }
}
