package io.shardwise.router.sql;

import io.shardwise.router.route.ShardSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list in a statement's SQL text whose items belong to different shards: the rows of a multi-row
 * {@code INSERT ... VALUES}, or the values of an IN list on the shard key. Each shard receives the
 * text with only its items, cut from the application's own text (so quoting, casts and dialect stay
 * as written); the {@code ?} left are renumbered and bound to the application's values, which never
 * enter the SQL text.
 *
 * <p>Built once per SQL text, from the text with literals, quoted identifiers and comments blanked
 * ({@link SqlLexer.Lexed#code}), so a parenthesis or {@code ?} inside a value is never counted.
 * When the text does not match what the parser saw (a count differs), no split is built and the
 * caller falls back to sending the statement whole, or refuses.
 */
public final class ListSplit {

  private static final Pattern VALUES = Pattern.compile("(?i)\\bVALUES\\b");
  private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(");

  private final String before;
  private final String after;
  private final List<String> items;
  private final List<KeyValue> keys;
  private final int[] firstParameter;
  private final int[] itemParameters;
  private final int parametersBefore;
  private final int parametersAfter;
  private final boolean keepNulls;

  private ListSplit(
      String sql, int[] starts, int[] ends, List<KeyValue> keys, String code, boolean keepNulls) {
    int n = starts.length;
    this.before = sql.substring(0, starts[0]);
    this.after = sql.substring(ends[n - 1]);
    this.items = new ArrayList<>(n);
    this.firstParameter = new int[n];
    this.itemParameters = new int[n];
    this.parametersBefore = questionMarks(code, 0, starts[0]);
    int seen = parametersBefore;
    for (int i = 0; i < n; i++) {
      items.add(sql.substring(starts[i], ends[i]).strip());
      firstParameter[i] = seen + 1;
      itemParameters[i] = questionMarks(code, starts[i], ends[i]);
      seen += itemParameters[i];
    }
    this.parametersAfter = questionMarks(code, ends[n - 1], code.length());
    this.keys = List.copyOf(keys);
    this.keepNulls = keepNulls;
  }

  /** The key of each item, in text order: a row's shard-key value, or an IN value. */
  public List<KeyValue> keys() {
    return keys;
  }

  /** True for an IN list: a NULL in it changes NOT IN semantics, so it stays in every shard's. */
  public boolean keepsNulls() {
    return keepNulls;
  }

  /**
   * The rows of {@code INSERT ... VALUES (...), (...)} in {@code sql}; null when the text does not
   * show exactly {@code rowKeys.size()} rows.
   */
  static ListSplit ofValues(String sql, SqlLexer.Dialect dialect, List<KeyValue> rowKeys) {
    String code = SqlLexer.lex(sql, dialect).code();
    Matcher values = VALUES.matcher(code);
    if (!values.find()) {
      return null;
    }
    List<int[]> spans = new ArrayList<>();
    int i = skipSpaces(code, values.end());
    while (i < code.length() && code.charAt(i) == '(') {
      int close = closing(code, i);
      if (close < 0) {
        return null;
      }
      spans.add(new int[] {i, close + 1});
      i = skipSpaces(code, close + 1);
      if (i < code.length() && code.charAt(i) == ',') {
        i = skipSpaces(code, i + 1);
      } else {
        break;
      }
    }
    if (spans.size() != rowKeys.size() || spans.size() < 2) {
      return null;
    }
    return build(sql, code, spans, rowKeys, false);
  }

  /**
   * The IN list on column {@code keyColumn} whose items are {@code itemTexts} (as the parser prints
   * them), with {@code values} their keys; null when no such list, or more than one, is found.
   */
  static ListSplit ofInList(
      String sql,
      SqlLexer.Dialect dialect,
      String keyColumn,
      List<String> itemTexts,
      List<KeyValue> values) {
    String code = SqlLexer.lex(sql, dialect).code();
    Matcher in = IN_LIST.matcher(code);
    ListSplit found = null;
    while (in.find()) {
      if (!namesKeyColumn(sql, in.start(), keyColumn)) {
        continue;
      }
      int open = in.end() - 1;
      int close = closing(code, open);
      if (close < 0) {
        return null;
      }
      List<int[]> spans = itemSpans(code, open + 1, close);
      if (spans.size() != itemTexts.size() || !sameItems(sql, spans, itemTexts)) {
        continue;
      }
      if (found != null) {
        return null; // two lists alike: which one restricts the key is not clear from the text
      }
      found = build(sql, code, spans, values, true);
    }
    return found;
  }

  /**
   * The SQL for shard {@code shard} holding the items whose flag is set in {@code keep}, and where
   * each of its {@code ?} takes its value from.
   */
  public ShardSql cut(String shard, boolean[] keep) {
    StringBuilder sql = new StringBuilder(before);
    int kept = 0;
    int parameterCount = parametersBefore + parametersAfter;
    for (int i = 0; i < items.size(); i++) {
      if (keep[i]) {
        parameterCount += itemParameters[i];
      }
    }
    int[] parameters = new int[parameterCount];
    int next = 0;
    for (int p = 1; p <= parametersBefore; p++) {
      parameters[next++] = p;
    }
    for (int i = 0; i < items.size(); i++) {
      if (!keep[i]) {
        continue;
      }
      sql.append(kept++ == 0 ? "" : ", ").append(items.get(i));
      for (int p = 0; p < itemParameters[i]; p++) {
        parameters[next++] = firstParameter[i] + p;
      }
    }
    int firstAfter = firstParameter[items.size() - 1] + itemParameters[items.size() - 1];
    for (int p = 0; p < parametersAfter; p++) {
      parameters[next++] = firstAfter + p;
    }
    sql.append(after);
    return new ShardSql(shard, sql.toString(), parameters);
  }

  private static ListSplit build(
      String sql, String code, List<int[]> spans, List<KeyValue> keys, boolean keepNulls) {
    int[] starts = new int[spans.size()];
    int[] ends = new int[spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      starts[i] = spans.get(i)[0];
      ends[i] = spans.get(i)[1];
    }
    ListSplit split = new ListSplit(sql, starts, ends, keys, code, keepNulls);
    // A ? key must be the parameter the text puts there, or the counting went wrong somewhere.
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) instanceof KeyValue.Parameter p
          && (p.index() < split.firstParameter[i]
              || p.index() >= split.firstParameter[i] + split.itemParameters[i])) {
        return null;
      }
    }
    return split;
  }

  /** Items between {@code from} and {@code to}, split at commas outside parentheses. */
  private static List<int[]> itemSpans(String code, int from, int to) {
    List<int[]> spans = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      char c = code.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        spans.add(new int[] {start, i});
        start = i + 1;
      }
    }
    spans.add(new int[] {start, to});
    return spans;
  }

  private static boolean sameItems(String sql, List<int[]> spans, List<String> itemTexts) {
    for (int i = 0; i < spans.size(); i++) {
      String text = sql.substring(spans.get(i)[0], spans.get(i)[1]).strip();
      if (!text.equalsIgnoreCase(itemTexts.get(i).strip())) {
        return false;
      }
    }
    return true;
  }

  /** True when the text before {@code end} ends with the key column (qualified or quoted). */
  private static boolean namesKeyColumn(String sql, int end, String keyColumn) {
    int stop = end;
    while (stop > 0 && Character.isWhitespace(sql.charAt(stop - 1))) {
      stop--;
    }
    int start = stop;
    while (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
      start--;
    }
    String word = sql.substring(start, stop).replace("\"", "").replace("`", "");
    return word.toLowerCase(Locale.ROOT).equals(keyColumn.toLowerCase(Locale.ROOT));
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c == '`';
  }

  private static int closing(String code, int open) {
    int depth = 0;
    for (int i = open; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpaces(String code, int i) {
    while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int questionMarks(String code, int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (code.charAt(i) == '?') {
        count++;
      }
    }
    return count;
  }
}
