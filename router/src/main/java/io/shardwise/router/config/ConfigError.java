package io.shardwise.router.config;

/**
 * One mistake in a shard map.
 *
 * @param path where it is, e.g. {@code shards[2].replicas[0].url}; empty for a mistake in the file
 *     as a whole, such as a YAML syntax error or a missing file
 * @param message what is wrong and what was expected
 */
public record ConfigError(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
