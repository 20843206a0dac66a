package io.shardwise.driver.runtime;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code jdbc:shardwise:<map>[?key=value&...]} URL, where {@code <map>} is a file path or
 * {@code classpath:resource}.
 *
 * @param url the URL as given
 * @param location the shard map: an absolute file path, or {@code classpath:...}
 * @param properties the query parameters, validated against {@link ShardwiseProperty}
 * @param runtimeKey which runtime serves the URL: runtimes are shared by shard map and properties,
 *     not by the URL's spelling. Computed once here, since every {@code getConnection} looks it up.
 * @param forcePrimary the {@link ShardwiseProperty#FORCE_PRIMARY} property, read once here for the
 *     same reason (a map lookup and a parse were a twentieth of a logical connection's borrow)
 */
public record ShardwiseUrl(
    String url,
    String location,
    Map<String, String> properties,
    String runtimeKey,
    boolean forcePrimary) {

  public static final String PREFIX = "jdbc:shardwise:";
  public static final String CLASSPATH = "classpath:";

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static ShardwiseUrl parse(String url) throws RoutingException {
    if (!accepts(url)) {
      throw new RoutingException(
          ErrorCode.INVALID_URL, "Not a shardwise URL: expected " + PREFIX + "<shard map>.");
    }
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String map = query < 0 ? rest : rest.substring(0, query);
    if (map.isBlank()) {
      throw new RoutingException(
          ErrorCode.INVALID_URL,
          "The URL "
              + url
              + " names no shard map: expected "
              + PREFIX
              + "/path/to/map.yaml or "
              + PREFIX
              + CLASSPATH
              + "map.yaml.");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        ShardwiseProperty.require(key, value, url);
        properties.put(key, value);
      }
    }
    String location =
        map.startsWith(CLASSPATH) ? map : Path.of(map).toAbsolutePath().normalize().toString();
    String forcePrimary =
        properties.getOrDefault(
            ShardwiseProperty.FORCE_PRIMARY.key(), ShardwiseProperty.FORCE_PRIMARY.defaultValue());
    return new ShardwiseUrl(
        url,
        location,
        Collections.unmodifiableMap(properties),
        location + properties,
        Boolean.parseBoolean(forcePrimary));
  }

  public String property(ShardwiseProperty property) {
    return properties.getOrDefault(property.key(), property.defaultValue());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
