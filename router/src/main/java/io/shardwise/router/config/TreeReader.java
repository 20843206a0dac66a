package io.shardwise.router.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One walk over a parsed YAML tree. It hands out a {@link MapReader} per mapping and collects every
 * mistake they find, so that a user fixes a file in one round instead of one error per run.
 */
final class TreeReader {

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  /** Longest part of an unusual key a path shows. */
  private static final int MAX_KEY_SHOWN = 64;

  private final Placeholders placeholders;
  private final List<ConfigError> errors = new ArrayList<>();

  TreeReader(Placeholders placeholders) {
    this.placeholders = placeholders;
  }

  /** The top-level mapping, or empty (with an error) for an empty file or another shape. */
  Optional<MapReader> root(Object tree) {
    if (tree == null) {
      error("", "the file is empty; a shard map needs at least 'version: 1' and a 'shards' list");
      return Optional.empty();
    }
    return mapping("", tree);
  }

  /** A reader for a value that must be a mapping, or empty (with an error) when it is not. */
  Optional<MapReader> mapping(String path, Object value) {
    if (value instanceof Map<?, ?> map) {
      return Optional.of(new MapReader(this, path, map));
    }
    error(path, "expected a mapping of keys to values, got " + describe(value));
    return Optional.empty();
  }

  /** The text with its placeholders expanded, or empty when one could not be resolved. */
  Optional<String> expand(String path, String text, boolean sensitive) {
    int before = errors.size();
    String value = placeholders.expand(text, sensitive, problem -> error(path, problem));
    return errors.size() == before ? Optional.of(value) : Optional.empty();
  }

  void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  List<ConfigError> errors() {
    return List.copyOf(errors);
  }

  /**
   * What a value is, for "expected X, got Y". Never the text of a scalar: this is used where a
   * structure was expected, and the scalar found may be a URL with a password in it.
   */
  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return "a single value";
  }

  /**
   * {@code shards[0].primary} plus {@code url}. A key that is not a plain word is quoted, masked as
   * a URL would be (a misplaced {@code password=...} can become a key) and cut short.
   */
  static String childPath(String path, String key) {
    if (!PLAIN_KEY.matcher(key).matches()) {
      String shown = SecretMask.url(key);
      if (shown.length() > MAX_KEY_SHOWN) {
        shown = shown.substring(0, MAX_KEY_SHOWN) + "...";
      }
      return path + "[\"" + shown.replace("\"", "\\\"") + "\"]";
    }
    return path.isEmpty() ? key : path + "." + key;
  }
}
