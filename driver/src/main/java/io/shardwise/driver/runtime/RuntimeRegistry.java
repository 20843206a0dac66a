package io.shardwise.driver.runtime;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapChanges;
import io.shardwise.router.config.ShardMapLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtimes of this class loader, one per shard map URL, so that every connection to the same
 * URL shares one ring, one parse cache and one pool per node.
 *
 * <p>Who keeps a runtime alive: each open {@code ShardwiseDataSource} that has used it holds it
 * ({@link #acquire}/{@link #release}); once {@code DriverManager} has connected to it, the driver
 * holds it until {@link #shutdown}. A runtime closes when its last holder lets go, or at once on
 * {@link #shutdown}/{@link #shutdownAll}.
 */
public final class RuntimeRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeRegistry.class);

  /** A runtime and who holds it. Holder counts change under the registry's lock. */
  private static final class Entry {
    final ShardwiseRuntime runtime;
    int dataSources;
    volatile boolean driverManager;

    Entry(ShardwiseRuntime runtime) {
      this.runtime = runtime;
    }
  }

  private static final ConcurrentMap<String, Entry> RUNTIMES = new ConcurrentHashMap<>();

  private RuntimeRegistry() {}

  /**
   * The runtime for {@code url} for a {@code DriverManager} connection, loading its shard map the
   * first time; the driver holds it from then on, until {@link #shutdown}.
   */
  public static ShardwiseRuntime runtime(ShardwiseUrl url) throws SQLException {
    Entry entry = RUNTIMES.get(url.runtimeKey());
    if (entry != null && entry.driverManager) {
      return entry.runtime;
    }
    synchronized (RUNTIMES) {
      entry = entry(url);
      entry.driverManager = true;
      return entry.runtime;
    }
  }

  /** The runtime for {@code url}, held for one data source until it calls {@link #release}. */
  public static ShardwiseRuntime acquire(ShardwiseUrl url) throws SQLException {
    synchronized (RUNTIMES) {
      Entry entry = entry(url);
      entry.dataSources++;
      return entry.runtime;
    }
  }

  /**
   * A data source lets go of {@code runtime}; it closes when no other data source holds it and
   * {@code DriverManager} never used it. Nothing happens if it was shut down meanwhile.
   */
  public static void release(ShardwiseUrl url, ShardwiseRuntime runtime) {
    ShardwiseRuntime toClose = null;
    synchronized (RUNTIMES) {
      Entry entry = RUNTIMES.get(url.runtimeKey());
      if (entry != null && entry.runtime == runtime && --entry.dataSources <= 0) {
        if (!entry.driverManager) {
          RUNTIMES.remove(url.runtimeKey());
          toClose = runtime;
        }
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  /** Must hold the lock. */
  private static Entry entry(ShardwiseUrl url) throws SQLException {
    Entry entry = RUNTIMES.get(url.runtimeKey());
    if (entry == null) {
      WarmUp.start();
      entry = new Entry(new ShardwiseRuntime(url.location(), load(url)));
      RUNTIMES.put(url.runtimeKey(), entry);
    }
    return entry;
  }

  private static ShardMap load(ShardwiseUrl url) throws SQLException {
    String location = url.location();
    if (location.startsWith(ShardwiseUrl.CLASSPATH)) {
      return ShardMapLoader.loadResource(location.substring(ShardwiseUrl.CLASSPATH.length()));
    }
    return ShardMapLoader.load(Path.of(location));
  }

  /**
   * Reads {@code url}'s shard map again and applies it to {@code runtime} if it moves no data (see
   * {@link ShardwiseRuntime#reload}); an unreadable or invalid file (SW007) or a change that would
   * move data (SW013) is refused and the map in force stays.
   */
  public static ShardMapChanges reload(ShardwiseUrl url, ShardwiseRuntime runtime)
      throws SQLException {
    ShardMap next;
    try {
      next = load(url);
    } catch (SQLException e) {
      LOG.warn("Reload of shard map {} refused: {}", url.location(), e.getMessage());
      throw e;
    }
    return runtime.reload(next);
  }

  /**
   * The runtime of {@code url} if one is open; never loads the map. For readers that must not start
   * a runtime again after the application shut it down (metrics scraped late).
   */
  public static Optional<ShardwiseRuntime> find(ShardwiseUrl url) {
    Entry entry = RUNTIMES.get(url.runtimeKey());
    return entry == null ? Optional.empty() : Optional.of(entry.runtime);
  }

  /** Closes the runtime of {@code url}, if any, whoever holds it: its pools and threads stop. */
  public static void shutdown(ShardwiseUrl url) {
    Entry entry;
    synchronized (RUNTIMES) {
      entry = RUNTIMES.remove(url.runtimeKey());
    }
    if (entry != null) {
      entry.runtime.close();
    }
  }

  /** Closes every runtime. */
  public static void shutdownAll() {
    List<Entry> all;
    synchronized (RUNTIMES) {
      all = new ArrayList<>(RUNTIMES.values());
      RUNTIMES.clear();
    }
    all.forEach(entry -> entry.runtime.close());
  }
}
