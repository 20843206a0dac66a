package io.shardwise.router.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the plain subset of YAML that shard maps are written in, without the YAML library: in a
 * fresh JVM, snakeyaml-engine's first document costs about 100 ms of CPU (loading its scanner,
 * parser and constructor and running them interpreted), most of what {@code getConnection} did.
 *
 * <p>The subset: block mappings with plain keys ({@code [A-Za-z0-9_][A-Za-z0-9_.-]*}), block
 * sequences, and as values plain scalars, single- or double-quoted scalars on one line (escapes
 * {@code \"} and {@code \\} only) and one-line flow mappings of such scalars; comments and blank
 * lines; printable ASCII only. Within it, the tree is exactly the one {@link YamlTree} builds (the
 * same maps, lists, strings and nulls, pinned by {@code SimpleYamlTest}). Anything else, including
 * every malformed document and duplicate keys, is not judged here: {@link #read} returns null and
 * the caller reads the text with {@link YamlTree}, which reports the mistakes.
 */
final class SimpleYaml {

  /** What {@code YamlTree.TextSchema} reads as null when written plain. */
  private static final Set<String> NULLS = Set.of("~", "null", "Null", "NULL");

  /** Thrown where the text leaves the subset; caught once in {@link #read}. */
  private static final class NotSimple extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSimple() {
      super(null, null, false, false);
    }
  }

  private final int[] indents; // per content line (blank and comment lines dropped)
  private final String[] texts; // per content line, without its indentation and trailing spaces
  private final int count;
  private int next; // the first content line not read yet

  private SimpleYaml(String yaml) {
    String[] lines = yaml.split("\n", -1);
    indents = new int[lines.length];
    texts = new String[lines.length];
    int n = 0;
    for (String line : lines) {
      int indent = 0;
      int end = line.length();
      for (int i = 0; i < end; i++) {
        char c = line.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw new NotSimple(); // tabs, CR, controls, non-ASCII: left to the YAML library
        }
      }
      while (indent < end && line.charAt(indent) == ' ') {
        indent++;
      }
      while (end > indent && line.charAt(end - 1) == ' ') {
        end--;
      }
      if (end > indent && line.charAt(indent) != '#') {
        indents[n] = indent;
        texts[n++] = line.substring(indent, end);
      }
    }
    count = n;
  }

  /**
   * The tree of {@code yaml} as {@link YamlTree#parse} would return it, or null when the text is
   * not within the subset (then read it with {@link YamlTree}).
   */
  static Object read(String yaml) {
    try {
      SimpleYaml reader = new SimpleYaml(yaml);
      if (reader.count == 0 || reader.indents[0] != 0) {
        return null;
      }
      Object root = reader.block(0);
      return reader.next == reader.count ? root : null;
    } catch (NotSimple e) {
      return null;
    }
  }

  /** The block node whose first line is the next one, at {@code indent}. */
  private Object block(int indent) {
    String text = texts[next++];
    return isItem(text) ? sequence(indent, text) : mapping(indent, text);
  }

  private static boolean isItem(String text) {
    return text.equals("-") || text.startsWith("- ");
  }

  /** A block mapping whose keys start at {@code column}; its first entry is {@code first}. */
  private Map<String, Object> mapping(int column, String first) {
    Map<String, Object> map = new LinkedHashMap<>();
    String text = first;
    while (true) {
      entry(map, column, text);
      if (next == count || indents[next] < column) {
        return map;
      }
      if (indents[next] > column) {
        throw new NotSimple();
      }
      text = texts[next++];
    }
  }

  private void entry(Map<String, Object> map, int column, String text) {
    int colon = keyLength(text, 0);
    if (colon == 0 || colon == text.length() || text.charAt(colon) != ':') {
      throw new NotSimple();
    }
    String key = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      throw new NotSimple();
    }
    String written = rest.strip();
    Object value;
    if (written.isEmpty() || written.startsWith("#")) {
      if (next < count && indents[next] > column) {
        value = block(indents[next]);
      } else if (next < count && indents[next] == column && isItem(texts[next])) {
        value = sequence(column, texts[next++]); // "key:" with its list at the key's indentation
      } else {
        value = null;
      }
    } else {
      value = value(written);
      if (next < count && indents[next] > column) {
        throw new NotSimple(); // a scalar continued on the next line
      }
    }
    put(map, key, value);
  }

  /**
   * A block sequence whose dashes are at {@code column}; its first item's line is {@code first}.
   */
  private List<Object> sequence(int column, String first) {
    List<Object> list = new ArrayList<>();
    String text = first;
    while (true) {
      if (text.equals("-")) {
        list.add(next < count && indents[next] > column ? block(indents[next]) : null);
      } else {
        String item = text.substring(2).stripLeading();
        int itemColumn = column + text.length() - item.length();
        if (item.startsWith("#") || item.startsWith("-")) {
          throw new NotSimple();
        }
        int key = keyLength(item, 0);
        if (key > 0
            && item.startsWith(":", key)
            && (item.length() == key + 1 || item.charAt(key + 1) == ' ')) {
          list.add(mapping(itemColumn, item)); // "- key: value" opens a mapping at itemColumn
        } else {
          list.add(value(item));
          if (next < count && indents[next] > column) {
            throw new NotSimple();
          }
        }
      }
      if (next == count || indents[next] < column) {
        return list;
      }
      if (indents[next] > column) {
        throw new NotSimple();
      }
      if (!isItem(texts[next])) {
        return list; // "key:" with its list at the key's indentation, and the next key
      }
      text = texts[next++];
    }
  }

  /** A value written on the rest of a line, then at most a comment. */
  private static Object value(String text) {
    char c = text.charAt(0);
    int[] end = {0};
    Object value;
    if (c == '{') {
      value = flowMapping(text, end);
    } else if (c == '"' || c == '\'') {
      value = quoted(text, 0, end);
    } else {
      return plain(text);
    }
    String rest = text.substring(end[0]);
    if (!rest.isEmpty() && !(rest.charAt(0) == ' ' && rest.strip().startsWith("#"))) {
      throw new NotSimple();
    }
    return value;
  }

  /** A plain scalar in block context, up to a comment; the rest of the line is {@code text}. */
  private static Object plain(String text) {
    if ("-?:,[]{}#&*!|>'\"%@`".indexOf(text.charAt(0)) >= 0) {
      throw new NotSimple();
    }
    int comment = text.indexOf(" #");
    String value = comment < 0 ? text : text.substring(0, comment).stripTrailing();
    if (value.contains(": ") || value.endsWith(":")) {
      throw new NotSimple();
    }
    return NULLS.contains(value) ? null : value;
  }

  /**
   * A one-line flow mapping of plain keys to scalars, {@code { url: "jdbc:...", user: app }}, at
   * the start of {@code text}; sets {@code end[0]} past its closing brace.
   */
  private static Map<String, Object> flowMapping(String text, int[] end) {
    Map<String, Object> map = new LinkedHashMap<>();
    int at = skipSpaces(text, 1);
    if (at < text.length() && text.charAt(at) == '}') {
      end[0] = at + 1;
      return map;
    }
    while (true) {
      int key = keyLength(text, at);
      if (key == 0 || !text.startsWith(": ", at + key)) {
        throw new NotSimple();
      }
      String name = text.substring(at, at + key);
      at = skipSpaces(text, at + key + 2);
      if (at == text.length()) {
        throw new NotSimple();
      }
      char c = text.charAt(at);
      Object value;
      if (c == '"' || c == '\'') {
        int[] after = {0};
        value = quoted(text, at, after);
        at = skipSpaces(text, after[0]);
      } else {
        int stop = at;
        while (stop < text.length() && text.charAt(stop) != ',' && text.charAt(stop) != '}') {
          stop++;
        }
        value = flowPlain(text.substring(at, stop).stripTrailing());
        at = stop;
      }
      put(map, name, value);
      if (at == text.length()) {
        throw new NotSimple(); // not closed on this line
      }
      if (text.charAt(at) == '}') {
        end[0] = at + 1;
        return map;
      }
      if (text.charAt(at) != ',') {
        throw new NotSimple();
      }
      at = skipSpaces(text, at + 1); // past ','
      if (at == text.length() || text.charAt(at) == '}') {
        throw new NotSimple();
      }
    }
  }

  /** A plain scalar inside a flow mapping: no indicator, no comment, ':' only inside words. */
  private static Object flowPlain(String value) {
    if (value.isEmpty() || "-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) >= 0) {
      throw new NotSimple();
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '[' || c == ']' || c == '{' || c == '#') {
        throw new NotSimple();
      }
      if (c == ':' && (i + 1 == value.length() || value.charAt(i + 1) == ' ')) {
        throw new NotSimple();
      }
    }
    return NULLS.contains(value) ? null : value;
  }

  /** A quoted scalar that opens at {@code start} and closes on this line; never null. */
  private static String quoted(String text, int start, int[] end) {
    char quote = text.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        end[0] = i + 1;
        return value.toString();
      }
      if (quote == '"' && c == '\\') {
        char escaped = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (escaped != '"' && escaped != '\\') {
          throw new NotSimple();
        }
        value.append(escaped);
        i += 2;
        continue;
      }
      value.append(c);
      i++;
    }
    throw new NotSimple(); // continued on the next line
  }

  /** The length of the plain key at {@code from}, 0 when none starts there. */
  private static int keyLength(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean word =
          c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
      if (!word && (i == from || c != '.' && c != '-')) {
        break;
      }
      i++;
    }
    return NULLS.contains(text.substring(from, i)) ? 0 : i - from;
  }

  private static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Duplicate keys are an error the YAML library reports with its position. */
  private static void put(Map<String, Object> map, String key, Object value) {
    if (map.containsKey(key)) {
      throw new NotSimple();
    }
    map.put(key, value);
  }
}
