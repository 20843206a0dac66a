package io.shardwise.router.config;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.util.List;

/** A shard map that cannot be used, with every mistake found in it. */
public class ShardMapException extends RoutingException {

  private final transient List<ConfigError> errors;

  public ShardMapException(String source, List<ConfigError> errors) {
    super(ErrorCode.INVALID_SHARD_MAP, describe(source, errors));
    this.errors = List.copyOf(errors);
  }

  public ShardMapException(String source, String message, Throwable cause) {
    super(ErrorCode.INVALID_SHARD_MAP, "Invalid shard map " + source + ": " + message, cause);
    this.errors = List.of(new ConfigError("", message));
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(String source, List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder("Invalid shard map ").append(source).append(": ");
    sb.append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
    for (ConfigError error : errors) {
      sb.append(System.lineSeparator()).append("  ").append(error);
    }
    return sb.toString();
  }
}
