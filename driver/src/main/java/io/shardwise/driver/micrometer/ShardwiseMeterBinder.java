package io.shardwise.driver.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shardwise.driver.NodeMetrics;
import io.shardwise.driver.ShardwiseDataSource;
import io.shardwise.driver.ShardwiseMetrics;
import io.shardwise.driver.runtime.RuntimeRegistry;
import io.shardwise.driver.runtime.ShardwiseRuntime;
import io.shardwise.driver.runtime.ShardwiseUrl;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds the counters and health of every node of one shard map ({@link NodeMetrics}) to a
 * Micrometer registry, tagged {@code map}, {@code shard}, {@code node} and {@code role}. The meters
 * and their names are listed in docs/observability.md.
 *
 * <p>Meters read the live runtime of the URL on each scrape and never start one: after the
 * application shut shardwise down they read NaN instead of reopening pools. Binding loads the map
 * (as the first connection would) to learn its nodes; nodes added by a later reload are not bound.
 *
 * <p>Micrometer is an optional dependency of the driver: only applications that use this class need
 * {@code io.micrometer:micrometer-core}.
 */
public final class ShardwiseMeterBinder implements MeterBinder {

  static final String PREFIX = "shardwise.node.";

  private final ShardwiseUrl url;
  private final Tags extraTags;

  /** Binds the nodes of the shard map behind {@code jdbcUrl} ({@code jdbc:shardwise:...}). */
  public ShardwiseMeterBinder(String jdbcUrl) throws SQLException {
    this(jdbcUrl, Tags.empty());
  }

  /** As {@link #ShardwiseMeterBinder(String)}, adding {@code tags} to every meter. */
  public ShardwiseMeterBinder(String jdbcUrl, Iterable<Tag> tags) throws SQLException {
    this.url = ShardwiseUrl.parse(jdbcUrl);
    this.extraTags = Tags.of(tags);
  }

  /** Binds the nodes of {@code dataSource}'s shard map. */
  public ShardwiseMeterBinder(ShardwiseDataSource dataSource) throws SQLException {
    this(dataSource.getUrl());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    ShardwiseMetrics metrics;
    try {
      metrics = RuntimeRegistry.runtime(url).metrics();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot bind shardwise metrics of " + url + ": " + e.getMessage(), e);
    }
    for (NodeMetrics node : metrics.nodes()) {
      bind(registry, new NodeReader(url, node.id()), nodeTags(metrics.map(), node));
    }
  }

  private Tags nodeTags(String map, NodeMetrics node) {
    return extraTags.and(
        Tags.of("map", map, "shard", node.shard(), "node", node.id(), "role", node.role()));
  }

  private static void bind(MeterRegistry registry, NodeReader reader, Tags tags) {
    // Micrometer holds a function meter's object weakly; this gauge holds the reader strongly for
    // all of the node's meters, so they live as long as the registry does.
    Gauge.builder(PREFIX + "up", reader, r -> r.read(n -> state(n.state())))
        .description("1 when the node is up, 0 when the health monitor ejected it")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    gauge("eligible", reader, n -> n.eligible() ? 1 : 0, tags)
        .description("1 when the node may serve a read now (up, lag within reads.maxReplicaLag)")
        .register(registry);
    TimeGauge.builder(
            PREFIX + "replica.lag",
            reader,
            TimeUnit.MILLISECONDS,
            r -> r.read(n -> known(n.lagMillis())))
        .description("Replica lag; absent (NaN) when not replicating, down, or on a primary")
        .tags(tags)
        .register(registry);
    gauge("replica.behind", reader, n -> known(n.behind()), tags)
        .description("How far behind: PostgreSQL WAL bytes, MariaDB GTID transactions")
        .register(registry);
    gauge("connections.active", reader, NodeMetrics::outstanding, tags)
        .description("Physical connections to the node in use now")
        .register(registry);
    counter("statements", reader, NodeMetrics::routed, tags)
        .description("Statements routed to the node")
        .register(registry);
    counter("errors", reader, NodeMetrics::errors, tags)
        .description("Statements and connection attempts that failed on the node")
        .register(registry);
    counter("ejections", reader, NodeMetrics::ejections, tags)
        .description("Times the health monitor ejected the node")
        .register(registry);
    counter("fallbacks", reader, NodeMetrics::fallbacks, tags)
        .description("Reads a primary served because no replica of its shard was eligible")
        .register(registry);
  }

  private static Gauge.Builder<NodeReader> gauge(
      String name, NodeReader reader, ToDoubleFunction<NodeMetrics> value, Tags tags) {
    return Gauge.builder(PREFIX + name, reader, r -> r.read(value)).tags(tags);
  }

  private static FunctionCounter.Builder<NodeReader> counter(
      String name, NodeReader reader, ToDoubleFunction<NodeMetrics> value, Tags tags) {
    return FunctionCounter.builder(PREFIX + name, reader, r -> r.read(value)).tags(tags);
  }

  private static double state(String state) {
    return switch (state) {
      case "UP" -> 1;
      case "DOWN" -> 0;
      default -> Double.NaN; // not probed yet
    };
  }

  /** The dialects report -1 for "unknown": a gauge shows that as no value. */
  private static double known(long value) {
    return value < 0 ? Double.NaN : value;
  }

  /** Reads one node's snapshot from the URL's open runtime, if there is one. */
  private record NodeReader(ShardwiseUrl url, String nodeId) {
    double read(ToDoubleFunction<NodeMetrics> value) {
      return RuntimeRegistry.find(url)
          .map(ShardwiseRuntime::metrics)
          .flatMap(metrics -> metrics.node(nodeId))
          .map(value::applyAsDouble)
          .orElse(Double.NaN);
    }
  }
}
