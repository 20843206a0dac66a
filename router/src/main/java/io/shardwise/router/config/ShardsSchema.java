package io.shardwise.router.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code shards} list: each shard's name, weight, primary and replicas. */
final class ShardsSchema {

  /**
   * A weight multiplies the shard's ring points (weight x virtualNodes), so it is bounded to keep
   * the ring small; relative weights up to 1000 are finer than any real capacity difference.
   */
  private static final int MAX_WEIGHT = 1000;

  /**
   * Each shard's nodes get their own pools, health probes and MBeans, all set up when a runtime
   * starts; together with the ring's point limit this keeps the largest map's start-up within 1 s
   * and 64 MB (docs/ring.md, "Limits").
   */
  static final int MAX_SHARDS = 256;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final List<String> SHARD_KEYS = List.of("name", "weight", "primary", "replicas");
  private static final List<String> NODE_KEYS = List.of("url", "user", "password", "weight");
  private static final String EXAMPLE_URL = "jdbc:postgresql://host:5432/app";

  private final Map<String, String> shardPathByName = new HashMap<>();
  private final Map<String, String> nodePathByUrl = new HashMap<>();

  private ShardsSchema() {}

  /** One {@link ShardSpec} per shard mapping in the file, in file order. */
  static List<ShardSpec> read(MapReader root) {
    ShardsSchema schema = new ShardsSchema();
    List<ShardSpec> shards = new ArrayList<>();
    List<MapReader> listed =
        root.nonEmptyList(
            "shards", "a shard map needs at least one shard with a name and a primary");
    if (listed.size() > MAX_SHARDS) {
      root.error(
          "shards",
          listed.size()
              + " shards, more than the limit of "
              + MAX_SHARDS
              + "; give each shard a larger share (weight) or split the tables over several"
              + " shard maps");
    }
    for (MapReader shard : listed) {
      shards.add(schema.shard(shard));
    }
    return shards;
  }

  private ShardSpec shard(MapReader shard) {
    shard.allowOnly(SHARD_KEYS);
    String name = name(shard);
    int weight = shard.wholeNumber("weight", 1, MAX_WEIGHT).orElse(1);
    NodeSpec primary = null;
    if (shard.require("primary", "each shard needs a primary node, at least { url: ... }")) {
      primary = shard.mapping("primary").map(this::node).orElse(null);
    }
    List<NodeSpec> replicas = shard.list("replicas").stream().map(this::node).toList();
    return new ShardSpec(name, weight, primary, replicas);
  }

  private String name(MapReader shard) {
    if (!shard.require("name", "each shard needs a name; its ring points derive from it")) {
      return null;
    }
    String name = shard.text("name").orElse(null);
    if (name == null) {
      return null;
    }
    if (!NAME.matcher(name).matches()) {
      shard.error(
          "name",
          "invalid shard name "
              + shard.shown("name")
              + "; use letters, digits, '_', '.' and '-', starting with a letter or digit");
    } else if (shardPathByName.putIfAbsent(name, shard.path()) != null) {
      shard.error("name", "duplicate shard name '" + name + "'; each shard needs a unique name");
    }
    return name;
  }

  private NodeSpec node(MapReader node) {
    node.allowOnly(NODE_KEYS);
    String user = node.text("user").orElse(null);
    String url = url(node, user);
    String password = node.sensitiveText("password").orElse(null);
    int weight = node.wholeNumber("weight", 1, MAX_WEIGHT).orElse(1);
    return new NodeSpec(url, user, password, weight);
  }

  /**
   * Messages never quote the URL: some drivers accept a password inside it. Two nodes may share a
   * URL only with different users: a read-only login to the same database can stand in for a
   * replica (the H2 demo does this), but the same URL and user twice is a copy-paste mistake.
   */
  private String url(MapReader node, String user) {
    if (!node.require("url", "each node needs a JDBC URL such as " + EXAMPLE_URL)) {
      return null;
    }
    String url = node.sensitiveText("url").orElse(null);
    if (url == null) {
      return null;
    }
    if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:shardwise:")) {
      node.error(
          "url",
          "a node must be a physical database, not a shardwise URL; give the JDBC URL of the"
              + " database itself");
    } else if (!url.startsWith("jdbc:")) {
      node.error("url", "expected a JDBC URL starting with 'jdbc:', such as " + EXAMPLE_URL);
    } else {
      String first = nodePathByUrl.putIfAbsent(url + '\u0000' + user, node.path());
      if (first != null) {
        node.error(
            "url",
            "the same URL and user as "
                + first
                + "; each node must be a different database, or at least a different login");
      }
    }
    return url;
  }
}
