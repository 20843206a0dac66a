package io.shardwise.router.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * The limits a shard-map file must stay within, documented in docs/shard-map.md. A real map is a
 * few kilobytes, five levels deep, with a handful of aliases; these limits are far above that and
 * far below what could exhaust a thread's stack or the heap.
 *
 * <p>Depth and aliases are checked on the parser's events, which are produced without recursion,
 * before the composer (which recurses once per level) sees the text. An alias counts as deep as the
 * collection it repeats, so aliases cannot build a deeper tree than the text shows.
 */
final class YamlLimits {

  /** Largest shard-map file: 1 MiB, in bytes of UTF-8 for a file, in characters for a text. */
  static final int MAX_SIZE = 1024 * 1024;

  /** Deepest nesting of mappings and lists, counting what aliases bring in. */
  static final int MAX_DEPTH = 64;

  /**
   * Most values (mappings, lists, scalars and aliases) in one file: a map of a thousand shards with
   * two replicas each has about forty thousand. It bounds the time to read a file within the size
   * limit that is made of tiny values ({@code [a,a,a,...]}).
   */
  static final int MAX_VALUES = 100_000;

  /** Most aliases of mappings or lists ({@code *defaults}) in one file. */
  static final int MAX_COLLECTION_ALIASES = 50;

  private YamlLimits() {}

  static String tooLarge() {
    return "the file is larger than the limit of 1 MiB ("
        + MAX_SIZE
        + " bytes); a shard map is a few kilobytes";
  }

  static String tooManyAliases() {
    return "more than "
        + MAX_COLLECTION_ALIASES
        + " aliases of mappings or lists (the limit); repeat fewer blocks with *alias";
  }

  static String tooManyValues() {
    return "more than "
        + MAX_VALUES
        + " values (the limit); a shard map of a thousand shards has about forty thousand";
  }

  static String recursive() {
    return "an alias inside the mapping or list it names (a recursive structure); a shard map"
        + " cannot be recursive";
  }

  /** One open mapping or list: its anchor, if any, and the height of its tallest child. */
  private static final class Open {
    final String anchor;
    int childHeight;

    Open(String anchor) {
      this.anchor = anchor;
    }
  }

  /**
   * The first limit the events pass, as a message with its position; empty when none. Stops at the
   * first one, so a hostile text is not read to its end.
   */
  static Optional<String> check(Iterable<Event> events) {
    Deque<Open> open = new ArrayDeque<>();
    Map<String, Integer> collectionHeights = new HashMap<>();
    int aliases = 0;
    int values = 0;
    for (Event event : events) {
      if (event instanceof NodeEvent && ++values > MAX_VALUES) {
        return Optional.of(at(event, tooManyValues()));
      }
      switch (event.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (open.size() >= MAX_DEPTH) {
            return Optional.of(at(event, tooDeep()));
          }
          open.push(new Open(anchor(event)));
        }
        case MappingEnd, SequenceEnd -> {
          Open closed = open.pop();
          int height = closed.childHeight + 1;
          if (closed.anchor != null) {
            collectionHeights.put(closed.anchor, height);
          }
          raise(open, height);
        }
        case Alias -> {
          String name = ((AliasEvent) event).getAlias().getValue();
          for (Open o : open) {
            if (name.equals(o.anchor)) {
              return Optional.of(at(event, recursive()));
            }
          }
          Integer height = collectionHeights.get(name);
          if (height != null) {
            if (++aliases > MAX_COLLECTION_ALIASES) {
              return Optional.of(at(event, tooManyAliases()));
            }
            if (open.size() + height > MAX_DEPTH) {
              return Optional.of(at(event, tooDeep()));
            }
            raise(open, height);
          }
        }
        case Scalar -> {
          // A scalar anchor named like an earlier collection's now names the scalar.
          String anchor = anchor(event);
          if (anchor != null) {
            collectionHeights.remove(anchor);
          }
        }
        default -> {
          // stream and document boundaries, comments
        }
      }
    }
    return Optional.empty();
  }

  private static String tooDeep() {
    return "mappings and lists nested more than "
        + MAX_DEPTH
        + " levels deep (the limit, counting what aliases repeat); a shard map is about five"
        + " levels deep";
  }

  private static void raise(Deque<Open> open, int height) {
    Open parent = open.peek();
    if (parent != null && height > parent.childHeight) {
      parent.childHeight = height;
    }
  }

  private static String anchor(Event event) {
    return event instanceof NodeEvent node
        ? node.getAnchor().map(a -> a.getValue()).orElse(null)
        : null;
  }

  private static String at(Event event, String message) {
    Optional<Mark> mark = event.getStartMark();
    return mark.map(
            m ->
                "not valid YAML at line "
                    + (m.getLine() + 1)
                    + ", column "
                    + (m.getColumn() + 1)
                    + ": "
                    + message)
        .orElse("not valid YAML: " + message);
  }
}
