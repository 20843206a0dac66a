package io.shardwise.driver.runtime;

import io.shardwise.router.config.SecretMask;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code jdbc:shardwise:<map>[?key=value&...]} URL, where {@code <map>} is a file path or
 * {@code classpath:resource}. Names and values of the query are percent-decoded strictly: a
 * malformed escape, a control character, an empty or repeated name, an unknown property or a bad
 * value is an SW009 {@link RoutingException} that names the fault and quotes no secret.
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

  /** Longest URL accepted: far beyond any real path and properties. */
  public static final int MAX_LENGTH = 4096;

  /** Longest name or value a message quotes before cutting it short. */
  private static final int QUOTE_LIMIT = 40;

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  public static ShardwiseUrl parse(String url) throws RoutingException {
    if (!accepts(url)) {
      throw invalid("Not a shardwise URL: expected " + PREFIX + "<shard map>.");
    }
    if (url.length() > MAX_LENGTH) {
      throw invalid(
          "The shardwise URL is "
              + url.length()
              + " characters long; the limit is "
              + MAX_LENGTH
              + ".");
    }
    for (int i = 0; i < url.length(); i++) {
      if (Character.isISOControl(url.charAt(i))) {
        throw invalid(
            "The shardwise URL holds the control character U+"
                + String.format("%04X", (int) url.charAt(i))
                + " at position "
                + i
                + "; write it percent-encoded in a property, and not at all in the map path.");
      }
    }
    String rest = url.substring(PREFIX.length());
    int query = rest.indexOf('?');
    String map = query < 0 ? rest : rest.substring(0, query);
    if (map.isBlank()) {
      throw invalid(
          "The URL "
              + SecretMask.url(url)
              + " names no shard map: expected "
              + PREFIX
              + "/path/to/map.yaml or "
              + PREFIX
              + CLASSPATH
              + "map.yaml.");
    }
    Map<String, String> properties = query < 0 ? Map.of() : properties(rest.substring(query + 1));
    String location = map.startsWith(CLASSPATH) ? map : filePath(map);
    String forcePrimary =
        properties.getOrDefault(
            ShardwiseProperty.FORCE_PRIMARY.key(), ShardwiseProperty.FORCE_PRIMARY.defaultValue());
    return new ShardwiseUrl(
        url, location, properties, location + properties, Boolean.parseBoolean(forcePrimary));
  }

  public String property(ShardwiseProperty property) {
    return properties.getOrDefault(property.key(), property.defaultValue());
  }

  /** The URL with its secrets masked, as every message and log line shows it. */
  @Override
  public String toString() {
    return SecretMask.url(url);
  }

  private static Map<String, String> properties(String query) throws RoutingException {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), "a property name");
      if (key.isBlank()) {
        throw invalid(
            "The shardwise URL has a property with an empty name; write name=value pairs"
                + " separated by '&'.");
      }
      boolean secret = SecretMask.isSecretName(key);
      String value =
          eq < 0
              ? ""
              : decode(
                  pair.substring(eq + 1),
                  secret ? "the value of a property" : "the value of " + quoted(key));
      if (properties.containsKey(key)) {
        throw invalid("The shardwise URL gives the property " + quoted(key) + " twice.");
      }
      ShardwiseProperty.require(key, value);
      properties.put(key, value);
    }
    return Collections.unmodifiableMap(properties);
  }

  private static String filePath(String map) throws RoutingException {
    try {
      return Path.of(map).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      throw invalid(
          "The shard map path of the shardwise URL is not a valid file path ("
              + e.getReason()
              + ").");
    }
  }

  /**
   * Strict percent-decoding as {@code application/x-www-form-urlencoded} writes it ({@code +} is a
   * space): every {@code %} is followed by two hex digits and the bytes are UTF-8.
   */
  private static String decode(String text, String what) throws RoutingException {
    if (text.indexOf('%') < 0) {
      return text.replace('+', ' ');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      int end = percent < 0 ? text.length() : percent;
      bytes.writeBytes(text.substring(i, end).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
      if (percent < 0) {
        break;
      }
      int hi = percent + 1 < text.length() ? Character.digit(text.charAt(percent + 1), 16) : -1;
      int lo = percent + 2 < text.length() ? Character.digit(text.charAt(percent + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw invalid(
            "The shardwise URL has a malformed percent-escape in "
                + what
                + ": '%' must be followed by two hex digits (write %25 for '%').");
      }
      bytes.write(hi * 16 + lo);
      i = percent + 3;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(
          "The shardwise URL has percent-escapes in " + what + " that are not UTF-8 text.");
    }
  }

  /**
   * A name or value for a message: cut short, and with control characters written as escapes, so
   * that a hostile URL cannot fill or forge a log line.
   */
  static String quoted(String text) {
    StringBuilder sb = new StringBuilder("'");
    int shown = Math.min(text.length(), QUOTE_LIMIT);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
    if (text.length() > shown) {
      sb.append(" (cut at ").append(QUOTE_LIMIT).append(" of ").append(text.length()).append(')');
    }
    return sb.toString();
  }

  static RoutingException invalid(String message) {
    return new RoutingException(ErrorCode.INVALID_URL, message);
  }
}
