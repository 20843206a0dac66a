package io.shardwise.router.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the tree at a known path. Each typed read returns empty when the key is absent or
 * its value is wrong; a wrong value is reported with its path and what was expected.
 */
final class MapReader {

  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
  private static final Pattern DURATION = Pattern.compile("(-?)([0-9]+)(ms|s|m|h)?");

  /** Far beyond any sensible timeout, and small enough that no unit overflows a Duration. */
  private static final int MAX_DURATION_DIGITS = 12;

  private static final String A_DURATION =
      "a duration such as 500ms, 2s, 1m or 1h (a bare number means milliseconds)";

  private final TreeReader tree;
  private final String path;
  private final Map<?, ?> map;

  MapReader(TreeReader tree, String path, Map<?, ?> map) {
    this.tree = tree;
    this.path = path;
    this.map = map;
  }

  String path() {
    return path;
  }

  private String pathOf(String key) {
    return TreeReader.childPath(path, key);
  }

  void error(String key, String message) {
    tree.error(pathOf(key), message);
  }

  /** Reports a mistake in this mapping as a whole, such as two keys that exclude each other. */
  void errorHere(String message) {
    tree.error(path, message);
  }

  /** Reports each key not in {@code allowed}, suggesting the right spelling of a wrong case. */
  void allowOnly(List<String> allowed) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        errorHere("a key must be a single value, got " + TreeReader.describe(key));
      } else if (!allowed.contains(name)) {
        String hint =
            allowed.stream()
                .filter(name::equalsIgnoreCase)
                .findFirst()
                .map(right -> " (did you mean " + right + "?)")
                .orElse("");
        error(
            name,
            "unknown key" + hint + "; the keys allowed here are " + String.join(", ", allowed));
      }
    }
  }

  /** Whether the key is present with a value; {@code key:} with nothing after it is absent. */
  boolean has(String key) {
    return map.get(key) != null;
  }

  /** Reports the key as missing when it is absent, and says whether it is present. */
  boolean require(String key, String why) {
    if (has(key)) {
      return true;
    }
    error(key, "missing; " + why);
    return false;
  }

  Optional<String> text(String key) {
    return scalar(key, "text", false);
  }

  /** Text that no message may quote: a password, or a URL that may embed one. */
  Optional<String> sensitiveText(String key) {
    return scalar(key, "text", true);
  }

  Optional<Integer> wholeNumber(String key, int min, int max) {
    return scalar(key, "a whole number", false)
        .flatMap(
            text -> {
              if (!WHOLE_NUMBER.matcher(text).matches()) {
                error(key, "expected a whole number, got " + shown(key));
                return Optional.empty();
              }
              BigInteger n = new BigInteger(text);
              if (n.compareTo(BigInteger.valueOf(min)) < 0
                  || n.compareTo(BigInteger.valueOf(max)) > 0) {
                String range =
                    max == Integer.MAX_VALUE
                        ? "must be at least " + min
                        : "must be between " + min + " and " + max;
                error(key, range + ", got " + shown(key));
                return Optional.empty();
              }
              return Optional.of(n.intValue());
            });
  }

  Optional<Duration> duration(String key) {
    return scalar(key, A_DURATION, false)
        .flatMap(
            text -> {
              Matcher m = DURATION.matcher(text);
              if (!m.matches()) {
                error(key, "expected " + A_DURATION + ", got " + shown(key));
                return Optional.empty();
              }
              if (!m.group(1).isEmpty()) {
                error(key, "must not be negative, got " + shown(key));
                return Optional.empty();
              }
              if (m.group(2).length() > MAX_DURATION_DIGITS) {
                error(key, "is too large, got " + shown(key));
                return Optional.empty();
              }
              long amount = Long.parseLong(m.group(2));
              String unit = m.group(3) == null ? "ms" : m.group(3);
              return Optional.of(
                  switch (unit) {
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMillis(amount);
                  });
            });
  }

  /** One of a fixed set of options, written by its name in the shard map. */
  <T> Optional<T> choice(String key, T[] options, Function<T, String> nameOf) {
    return scalar(key, "a name", false)
        .flatMap(
            text -> {
              List<String> names = new ArrayList<>();
              for (T option : options) {
                if (nameOf.apply(option).equals(text)) {
                  return Optional.of(option);
                }
                names.add(nameOf.apply(option));
              }
              String expected =
                  names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
              error(key, "expected " + expected + ", got " + shown(key));
              return Optional.empty();
            });
  }

  /** A mapping under the key; empty when it is absent or not a mapping. */
  Optional<MapReader> mapping(String key) {
    Object value = map.get(key);
    return value == null ? Optional.empty() : tree.mapping(pathOf(key), value);
  }

  /** The mappings listed under the key; empty when it is absent. */
  List<MapReader> list(String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      error(key, "expected a list, got " + TreeReader.describe(value));
      return List.of();
    }
    List<MapReader> readers = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      tree.mapping(pathOf(key) + "[" + i + "]", items.get(i)).ifPresent(readers::add);
    }
    return readers;
  }

  /** Like {@link #list}, but a missing or empty list is a mistake. */
  List<MapReader> nonEmptyList(String key, String why) {
    Object value = map.get(key);
    if (value == null) {
      error(key, "missing; " + why);
    } else if (value instanceof List<?> items && items.isEmpty()) {
      error(key, "the list is empty; " + why);
    }
    return list(key);
  }

  /** The mappings under the key by their own keys, in file order: {@code tables.users} etc. */
  Map<String, MapReader> mappingsByKey(String key) {
    Map<String, MapReader> readers = new LinkedHashMap<>();
    mapping(key)
        .ifPresent(
            parent -> {
              for (Map.Entry<?, ?> entry : parent.map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                  parent.errorHere(
                      "a key must be a single value, got " + TreeReader.describe(entry.getKey()));
                  continue;
                }
                tree.mapping(parent.pathOf(name), entry.getValue())
                    .ifPresent(reader -> readers.put(name, reader));
              }
            });
    return readers;
  }

  /**
   * Reads the key's value as text, expanding placeholders. Text of a scalar that came from a
   * placeholder may be secret; see {@link #shown}.
   */
  private Optional<String> scalar(String key, String expected, boolean sensitive) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      error(key, "expected " + expected + ", got " + TreeReader.describe(value));
      return Optional.empty();
    }
    return tree.expand(pathOf(key), text, sensitive);
  }

  /**
   * The key's value as a message may quote it: as written in the file, so that a value taken from
   * the environment or a file is never shown.
   */
  String shown(String key) {
    String written = String.valueOf(map.get(key));
    return Placeholders.occurIn(written)
        ? "'" + written + "' (its value is not shown)"
        : "'" + written + "'";
  }
}
