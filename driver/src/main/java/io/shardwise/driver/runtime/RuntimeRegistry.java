package io.shardwise.driver.runtime;

import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardMapChanges;
import io.shardwise.router.config.ShardMapLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>Starting a runtime (reading the map, building the ring, setting up the nodes) happens outside
 * the registry's lock: the first caller for a URL puts a pending entry in the map under the lock
 * and builds the runtime after leaving it, and later callers for that URL wait for the entry's
 * future. So only connections to the same map wait for its start, never those to another map. A
 * start that fails is removed before its callers hear of it, so the next connection tries again.
 */
public final class RuntimeRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeRegistry.class);

  /** A runtime, started or starting, and who holds it. Holder counts change under the lock. */
  private static final class Entry {
    final CompletableFuture<ShardwiseRuntime> started = new CompletableFuture<>();
    volatile ShardwiseRuntime runtime; // set once started; null while starting
    int dataSources;
    volatile boolean driverManager;
  }

  /** Reads the shard map of a URL; the default reads the file or resource the URL names. */
  @FunctionalInterface
  interface MapSource {
    ShardMap load(ShardwiseUrl url) throws SQLException;
  }

  private static final ConcurrentMap<String, Entry> RUNTIMES = new ConcurrentHashMap<>();
  private static final MapSource FILES = RuntimeRegistry::load;
  private static volatile MapSource source = FILES;

  private RuntimeRegistry() {}

  /**
   * The runtime for {@code url} for a {@code DriverManager} connection, starting it the first time;
   * the driver holds it from then on, until {@link #shutdown}.
   */
  public static ShardwiseRuntime runtime(ShardwiseUrl url) throws SQLException {
    Entry entry = RUNTIMES.get(url.runtimeKey());
    if (entry != null && entry.driverManager) {
      ShardwiseRuntime runtime = entry.runtime;
      if (runtime != null) {
        return runtime;
      }
    }
    Entry created = null;
    synchronized (RUNTIMES) {
      entry = RUNTIMES.get(url.runtimeKey());
      if (entry == null) {
        created = entry = new Entry();
        RUNTIMES.put(url.runtimeKey(), entry);
      }
      entry.driverManager = true;
    }
    return started(url, entry, created);
  }

  /** The runtime for {@code url}, held for one data source until it calls {@link #release}. */
  public static ShardwiseRuntime acquire(ShardwiseUrl url) throws SQLException {
    Entry entry;
    Entry created = null;
    synchronized (RUNTIMES) {
      entry = RUNTIMES.get(url.runtimeKey());
      if (entry == null) {
        created = entry = new Entry();
        RUNTIMES.put(url.runtimeKey(), entry);
      }
      entry.dataSources++;
    }
    try {
      return started(url, entry, created);
    } catch (SQLException | RuntimeException | Error e) {
      // No runtime for this data source to release: its hold ends here (a failed start's entry
      // is gone already; a wait cut short by an interrupt leaves the others' holds).
      synchronized (RUNTIMES) {
        entry.dataSources--;
      }
      throw e;
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

  /**
   * The entry's runtime: started here, without the registry's lock, when this caller put the entry
   * in the map ({@code created}), else awaited.
   */
  private static ShardwiseRuntime started(ShardwiseUrl url, Entry entry, Entry created)
      throws SQLException {
    if (entry == created) {
      return start(url, created);
    }
    ShardwiseRuntime runtime = entry.runtime;
    if (runtime != null) {
      return runtime;
    }
    try {
      return entry.started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException(
          "Interrupted while waiting for the shard map " + url.location() + " to load.",
          "57014",
          e);
    } catch (ExecutionException e) {
      // The starting caller's exception, wrapped so this caller's stack trace is its own.
      Throwable cause = e.getCause();
      if (cause instanceof SQLException failed) {
        throw new SQLException(
            failed.getMessage(), failed.getSQLState(), failed.getErrorCode(), failed);
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) cause;
    }
  }

  /**
   * Reads the map and builds its runtime, then publishes it to the callers waiting for it. A
   * failure takes the entry out of the map first, so the next caller starts again. If the runtime
   * was shut down while it started, it is closed as soon as it exists.
   */
  private static ShardwiseRuntime start(ShardwiseUrl url, Entry entry) throws SQLException {
    ShardwiseRuntime runtime;
    try {
      WarmUp.start();
      runtime = new ShardwiseRuntime(url.location(), source.load(url));
    } catch (SQLException | RuntimeException | Error e) {
      RUNTIMES.remove(url.runtimeKey(), entry);
      entry.started.completeExceptionally(e);
      throw e;
    }
    boolean current;
    synchronized (RUNTIMES) {
      entry.runtime = runtime;
      current = RUNTIMES.get(url.runtimeKey()) == entry;
    }
    entry.started.complete(runtime);
    if (!current) {
      runtime.close();
    }
    return runtime;
  }

  /**
   * From now on runtimes read their shard maps through {@code loader}, or again from the file or
   * resource their URL names when it is null: lets tests make a start slow or fail.
   */
  static void loadMapsWith(MapSource loader) {
    source = loader == null ? FILES : loader;
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
      next = source.load(url);
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
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.runtime);
  }

  /**
   * Closes the runtime of {@code url}, if any, whoever holds it: its pools and threads stop. A
   * runtime still starting is closed by its starter as soon as it exists.
   */
  public static void shutdown(ShardwiseUrl url) {
    ShardwiseRuntime runtime = null;
    synchronized (RUNTIMES) {
      Entry entry = RUNTIMES.remove(url.runtimeKey());
      if (entry != null) {
        runtime = entry.runtime;
      }
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /** Closes every runtime; those still starting are closed by their starters. */
  public static void shutdownAll() {
    List<ShardwiseRuntime> all = new ArrayList<>();
    synchronized (RUNTIMES) {
      for (Entry entry : RUNTIMES.values()) {
        if (entry.runtime != null) {
          all.add(entry.runtime);
        }
      }
      RUNTIMES.clear();
    }
    all.forEach(ShardwiseRuntime::close);
  }
}
