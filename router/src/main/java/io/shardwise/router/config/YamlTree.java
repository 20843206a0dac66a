package io.shardwise.router.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Turns YAML text into a plain tree of {@code Map}s, {@code List}s, {@code String}s and nulls, or
 * one error with the line and column where the text stops being YAML or passes a {@link YamlLimits
 * limit}.
 *
 * <p>No message quotes the text: a YAML error is described by its position and a sentence of ours,
 * because the text at fault may be an unquoted password ({@code password: !Secret}, {@code
 * password: *Secret}) that the parser took for a tag or an alias.
 */
final class YamlTree {

  private YamlTree() {}

  /** The document's root: a map for a shard map, but any shape is returned to be judged. */
  static Object parse(String yaml, String source) throws ShardMapException {
    if (yaml.length() > YamlLimits.MAX_SIZE) {
      throw syntaxError(source, YamlLimits.tooLarge());
    }
    // The reader copies its window each time it fills its buffer; a buffer that holds the whole
    // text is filled once, so a long line costs linear time instead of quadratic.
    LoadSettings settings =
        LoadSettings.builder()
            .setSchema(new TextSchema())
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(YamlLimits.MAX_COLLECTION_ALIASES)
            .setCodePointLimit(YamlLimits.MAX_SIZE)
            .setBufferSize(yaml.length() + 1)
            .build();
    try {
      // The composer recurses once per nesting level; the parser does not. Its events are checked
      // first, so that nothing deeper than the limit, and nothing recursive, reaches the composer.
      Optional<String> overLimit = YamlLimits.check(new Parse(settings).parseString(yaml));
      if (overLimit.isPresent()) {
        throw syntaxError(source, overLimit.get());
      }
      return new Load(settings).loadFromString(yaml);
    } catch (MarkedYamlEngineException e) {
      throw syntaxError(source, describe(e));
    } catch (ReaderException e) {
      throw syntaxError(
          source,
          "not valid YAML at "
              + position(yaml, e.getPosition())
              + ": the character U+"
              + String.format("%04X", e.getCodePoint())
              + " is not allowed; only printable characters are");
    } catch (YamlEngineException e) {
      throw syntaxError(source, "not valid YAML: " + problem(e.getMessage()));
    } catch (StackOverflowError e) {
      // Not expected past the checks above; kept so that no input can end the caller's thread.
      throw syntaxError(
          source,
          "not valid YAML: nested too deeply to read; the limit is "
              + YamlLimits.MAX_DEPTH
              + " levels");
    }
  }

  private static ShardMapException syntaxError(String source, String message) {
    return new ShardMapException(source, List.of(new ConfigError("", message)));
  }

  /** The position, the problem and its context, each in words that quote none of the text. */
  private static String describe(MarkedYamlEngineException e) {
    Optional<Mark> where = e.getProblemMark().or(e::getContextMark);
    StringBuilder sb = new StringBuilder("not valid YAML");
    where.ifPresent(mark -> sb.append(" at ").append(position(mark)));
    sb.append(": ").append(problem(e.getProblem()));
    String context = e.getContext();
    if (context != null && !context.isBlank()) {
      sb.append(" (").append(problem(context));
      e.getContextMark().ifPresent(mark -> sb.append(" at ").append(position(mark)));
      sb.append(')');
    }
    return sb.toString();
  }

  /**
   * Problems whose engine text quotes the input, each with a sentence of ours that does not. The
   * first five are what an unquoted password starting with a YAML indicator produces.
   */
  private static final Map<String, String> QUOTING_PROBLEMS =
      Map.ofEntries(
          Map.entry(
              "found undefined alias",
              "a value starting with '*' is read as an alias of an anchor that does not exist;"
                  + " quote the value"),
          Map.entry(
              "could not determine a constructor for the tag",
              "a value starting with '!' is read as a YAML tag, and tags are not supported; quote"
                  + " the value"),
          Map.entry(
              "found undefined tag handle",
              "a value starting with '!' is read as a YAML tag, and tags are not supported; quote"
                  + " the value"),
          Map.entry(
              "found character",
              "a character that cannot start a value; quote a value that starts with '@', '`' or"
                  + " '%', and indent with spaces, not tabs"),
          Map.entry(
              "unexpected character found",
              "a value starting with '&' or '*' is read as an anchor or alias; quote the value"),
          Map.entry(
              "expected alphabetic or numeric character",
              "a value starting with '&', '*' or '!' is read as an anchor, alias or tag; quote the"
                  + " value"),
          Map.entry(
              "found unknown escape character",
              "an unknown escape sequence in a double-quoted value; write a backslash as \\\\ or"
                  + " use single quotes"),
          Map.entry(
              "expected escape sequence of",
              "a malformed \\x, \\u or \\U escape in a double-quoted value; write a backslash as"
                  + " \\\\ or use single quotes"),
          Map.entry("found duplicate key", "a key given twice in the same mapping"),
          Map.entry(
              "but found another document",
              "more than one YAML document; a shard map is one document"),
          Map.entry("Number of aliases for non-scalar nodes exceeds", YamlLimits.tooManyAliases()),
          Map.entry("Recursive key for mapping", YamlLimits.recursive()),
          Map.entry("found unconstructable recursive node", YamlLimits.recursive()),
          Map.entry("The incoming YAML document exceeds the limit", YamlLimits.tooLarge()));

  /**
   * The parser's "expected X, but found Y" names a token of the grammar ({@code <scalar>}, {@code
   * ':'}), never the input's text; the scanner's quotes characters of the input, and is cut.
   */
  private static final Pattern TOKEN_FOUND =
      Pattern.compile("but (?:found|got) '?(?:<[a-z ]+>|[-#,{}\\[\\]?:])'?(?=$|[ )])");

  /** Engine text after these words may quote the input. */
  private static final List<String> QUOTE_STARTS = List.of("but found", ": ", "(", "'", "\"");

  /**
   * The engine's problem in words that quote none of the input: our sentence for a problem known to
   * quote it, else the engine's words up to where a quotation could start.
   */
  static String problem(String engineText) {
    if (engineText == null || engineText.isBlank()) {
      return "the text is not YAML";
    }
    for (Map.Entry<String, String> known : QUOTING_PROBLEMS.entrySet()) {
      if (engineText.startsWith(known.getKey())) {
        return known.getValue();
      }
    }
    Matcher token = TOKEN_FOUND.matcher(engineText);
    if (token.find()) {
      return engineText.substring(0, token.end());
    }
    int cut = engineText.length();
    for (String start : QUOTE_STARTS) {
      int at = engineText.indexOf(start, 1);
      if (at > 0 && at < cut && !isTokenName(engineText, at)) {
        cut = at;
      }
    }
    String kept = engineText.substring(0, cut).strip();
    while (kept.endsWith(",")) {
      kept = kept.substring(0, kept.length() - 1).strip();
    }
    return kept.isEmpty() ? "the text is not YAML" : kept;
  }

  /**
   * The parser names tokens and indicators ({@code expected ',' or ']', but got '<scalar>'}), which
   * are fixed words of the grammar, never the input's text.
   */
  private static boolean isTokenName(String text, int at) {
    return text.startsWith("'<", at)
        || text.startsWith("','", at)
        || text.startsWith("']'", at)
        || text.startsWith("'}'", at)
        || text.startsWith("':'", at);
  }

  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /** The line and column of a code-point index, as a reader exception gives only the index. */
  private static String position(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int[] codePoints = text.codePoints().limit(codePointIndex).toArray();
    for (int c : codePoints) {
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "line " + line + ", column " + column;
  }

  /**
   * Reads every scalar as text and lets the shard-map schema decide its type. YAML's own typing
   * would turn the password {@code 0123} into the number 123 and {@code 1e3} into 1000.0; here a
   * value is exactly what was written. An empty value, {@code ~} or {@code null} means "not set".
   */
  private static final class TextSchema implements Schema {

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    @Override
    public ScalarResolver getScalarResolver() {
      // implicit is false for quoted scalars: "null" in quotes is the text null.
      return (value, implicit) -> implicit && NULLS.contains(value) ? Tag.NULL : Tag.STR;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      return Map.of(Tag.NULL, node -> null);
    }
  }
}
