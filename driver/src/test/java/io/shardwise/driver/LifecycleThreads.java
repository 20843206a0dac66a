package io.shardwise.driver;

import java.util.Set;
import java.util.TreeSet;

/** The live threads shardwise starts: health monitors, scatter workers, node pools' threads. */
final class LifecycleThreads {

  private LifecycleThreads() {}

  /**
   * Names of live threads starting with {@code shardwise-}: the health monitor ({@code
   * shardwise-health-}), scatter workers ({@code shardwise-scatter-}), retiring pools ({@code
   * shardwise-retire-}) and HikariCP's housekeeper, adder and closer threads of every node pool
   * ({@code shardwise-<shard>-<node> ...}).
   */
  static Set<String> live() {
    Set<String> names = new TreeSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("shardwise-")) {
        names.add(thread.getName());
      }
    }
    return names;
  }
}
