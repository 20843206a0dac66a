package io.shardwise.driver.runtime;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runtimes of this class loader, one per shard map URL, so that every connection to the same
 * URL shares one ring, one parse cache and one pool per node.
 */
public final class RuntimeRegistry {

  private static final ConcurrentMap<String, ShardwiseRuntime> RUNTIMES = new ConcurrentHashMap<>();

  private RuntimeRegistry() {}

  /** The runtime for {@code url}, loading its shard map the first time. */
  public static ShardwiseRuntime runtime(ShardwiseUrl url) throws SQLException {
    ShardwiseRuntime runtime = RUNTIMES.get(url.runtimeKey());
    if (runtime != null) {
      return runtime;
    }
    synchronized (RUNTIMES) {
      runtime = RUNTIMES.get(url.runtimeKey());
      if (runtime == null) {
        runtime = new ShardwiseRuntime(url.location(), load(url));
        RUNTIMES.put(url.runtimeKey(), runtime);
      }
      return runtime;
    }
  }

  private static ShardMap load(ShardwiseUrl url) throws SQLException {
    String location = url.location();
    if (location.startsWith(ShardwiseUrl.CLASSPATH)) {
      return ShardMapLoader.loadResource(location.substring(ShardwiseUrl.CLASSPATH.length()));
    }
    return ShardMapLoader.load(Path.of(location));
  }

  /**
   * The runtime of {@code url} if one is open; never loads the map. For readers that must not start
   * a runtime again after the application shut it down (metrics scraped late).
   */
  public static Optional<ShardwiseRuntime> find(ShardwiseUrl url) {
    return Optional.ofNullable(RUNTIMES.get(url.runtimeKey()));
  }

  /** Closes the runtime of {@code url}, if any: its pools close and later connects reload it. */
  public static void shutdown(ShardwiseUrl url) {
    ShardwiseRuntime runtime = RUNTIMES.remove(url.runtimeKey());
    if (runtime != null) {
      runtime.close();
    }
  }

  /** Closes every runtime. */
  public static void shutdownAll() {
    List<ShardwiseRuntime> all;
    synchronized (RUNTIMES) {
      all = new ArrayList<>(RUNTIMES.values());
      RUNTIMES.clear();
    }
    all.forEach(ShardwiseRuntime::close);
  }
}
