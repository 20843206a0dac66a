package io.shardwise.it.topology;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/**
 * Access to the real topology for tier-3 tests: skipped locally when it is not running, a failure
 * when {@code CI=true} (CI must never go green because the databases were missing).
 */
public final class RealTopology {

  private RealTopology() {}

  public static Topology require(Engine engine) {
    Optional<Topology> topology = Topology.find(engine);
    if (topology.isEmpty()) {
      String message =
          "The real "
              + engine.label()
              + " topology is not running: start it with scripts/topology.sh up";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " (CI=true: a missing server is a failure, not a skip)");
      }
      assumeTrue(false, message);
    }
    return topology.get();
  }
}
