package io.shardwise.driver.runtime;

import io.shardwise.router.error.RoutingException;
import java.sql.DriverPropertyInfo;
import java.util.Arrays;
import java.util.List;

/**
 * Every URL property the driver understands, declared once: name, default, description and the
 * allowed values. {@code Driver.getPropertyInfo} is generated from this list. Connection
 * credentials are not URL properties: they live in the shard map, per node.
 */
public enum ShardwiseProperty {
  FORCE_PRIMARY(
      "forcePrimary",
      "false",
      "Send every statement of connections from this URL to primaries (for migration tools and"
          + " admin jobs that must read their own writes).",
      "true",
      "false");

  private final String key;
  private final String defaultValue;
  private final String description;
  private final List<String> choices;

  ShardwiseProperty(String key, String defaultValue, String description, String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.choices = List.of(choices);
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public DriverPropertyInfo info(String value) {
    DriverPropertyInfo info = new DriverPropertyInfo(key, value == null ? defaultValue : value);
    info.description = description;
    info.choices = choices.isEmpty() ? null : choices.toArray(new String[0]);
    return info;
  }

  /**
   * Checks one property of a URL. Messages name the property and never quote its value: a password
   * put in the URL by mistake must not reach a log line.
   */
  static void require(String key, String value) throws RoutingException {
    for (ShardwiseProperty property : values()) {
      if (property.key.equals(key)) {
        if (!property.choices.isEmpty() && !property.choices.contains(value)) {
          throw ShardwiseUrl.invalid(
              "URL property "
                  + key
                  + " has a value outside "
                  + property.choices
                  + " (the value is not shown: a URL may carry secrets).");
        }
        return;
      }
    }
    throw ShardwiseUrl.invalid(
        "Unknown URL property "
            + ShardwiseUrl.quoted(key)
            + "; known properties: "
            + Arrays.stream(values()).map(ShardwiseProperty::key).toList()
            + ". Node credentials belong in the shard map.");
  }
}
