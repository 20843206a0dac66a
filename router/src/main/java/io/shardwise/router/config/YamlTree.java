package io.shardwise.router.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Turns YAML text into a plain tree of {@code Map}s, {@code List}s, {@code String}s and nulls, or
 * one error with the line and column where the text stops being YAML.
 */
final class YamlTree {

  private static final LoadSettings SETTINGS =
      LoadSettings.builder().setSchema(new TextSchema()).setAllowDuplicateKeys(false).build();

  private YamlTree() {}

  /** The document's root: a map for a shard map, but any shape is returned to be judged. */
  static Object parse(String yaml, String source) throws ShardMapException {
    try {
      return new Load(SETTINGS).loadFromString(yaml);
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
      throw syntaxError(source, "not valid YAML: " + e.getMessage());
    }
  }

  private static ShardMapException syntaxError(String source, String message) {
    return new ShardMapException(source, List.of(new ConfigError("", message)));
  }

  /**
   * Built from the problem and context only: the exception's full message quotes the offending
   * line, and that line may hold an inline password.
   */
  private static String describe(MarkedYamlEngineException e) {
    Optional<Mark> where = e.getProblemMark().or(e::getContextMark);
    StringBuilder sb = new StringBuilder("not valid YAML");
    where.ifPresent(mark -> sb.append(" at ").append(position(mark)));
    sb.append(": ").append(e.getProblem());
    String context = e.getContext();
    if (context != null && !context.isBlank()) {
      sb.append(" (").append(context);
      e.getContextMark().ifPresent(mark -> sb.append(" at ").append(position(mark)));
      sb.append(')');
    }
    return sb.toString();
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
