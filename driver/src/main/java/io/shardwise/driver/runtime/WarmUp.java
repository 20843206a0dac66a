package io.shardwise.driver.runtime;

import io.shardwise.router.Router;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts {@link Router#warmUp()} on a daemon thread the first time a runtime is created in this
 * class loader, so that the parser's class loading overlaps the rest of start-up (reading the shard
 * map, the ring, the pools, the health monitor) instead of landing on the application's first
 * statement. It warms the parser and the caches only, nothing the connecting thread also
 * initialises first (the YAML reader, the ring): that thread would otherwise wait on
 * class-initialisation locks the warm-up thread holds.
 */
final class WarmUp implements Runnable {

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private WarmUp() {}

  static void start() {
    if (STARTED.compareAndSet(false, true)) {
      Thread thread = new Thread(new WarmUp(), "shardwise-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * A class, not {@code Router::warmUp}: linking that method reference would load and verify {@link
   * Router} on the connecting thread (10-15 ms cold); this way the warm-up thread does it.
   */
  @Override
  public void run() {
    Router.warmUp();
  }
}
