package io.shardwise.router.sql;

import io.shardwise.router.config.Engine;
import io.shardwise.router.config.ShardMap;
import io.shardwise.router.config.ShardSpec;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.config.UnanalysablePolicy;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.route.RoutePlan.PlacementReason;
import io.shardwise.router.route.SessionUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SQL text into a {@link StatementTemplate}: which tables it touches, which shards it needs
 * and where its shard-key value comes from. Pure: it sees no parameter values and no connection.
 *
 * <p>Parsing calls the generated parser directly rather than {@code CCJSqlParserUtil.parse}, which
 * starts a thread per call to enforce a timeout. The result is cached by the {@link
 * io.shardwise.router.Router}, so each SQL text is parsed once.
 */
public final class SqlAnalyzer {

  private static final Logger LOG = LoggerFactory.getLogger(SqlAnalyzer.class);

  private static final Pattern LOCKED_TABLES =
      Pattern.compile(
          "^\\s*LOCK\\s+(?:TABLES?\\s+)?(?:ONLY\\s+)?(.*?)(?:\\s+IN\\s+|\\s+(?:READ|WRITE)\\b|$)",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Set<String> UNPARSED_DDL = Set.of("CREATE", "ALTER", "DROP", "COMMENT");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  /** Statements shaped like an ORM's, whose parse loads most of the parser: see {@link #warmUp}. */
  private static final List<String> WARM_UP =
      List.of(
          "select w1_0.id,w1_0.name from shardwise_warm_up w1_0 where w1_0.id=? order by w1_0.id"
              + " limit ?",
          "insert into shardwise_warm_up (id,name,version) values (?,?,?)",
          "update shardwise_warm_up set name=?,version=? where id=? and version=?",
          "delete from shardwise_warm_up where id=?");

  /** The table a CREATE TABLE names (its last, possibly quoted, part), read without parsing. */
  private static final Pattern CREATED_TABLE =
      Pattern.compile(
          "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
              + "(?:[`\"]?[A-Za-z_][\\w$]*[`\"]?\\s*\\.\\s*)?[`\"]?([A-Za-z_][\\w$]*)[`\"]?\\s*\\(",
          Pattern.CASE_INSENSITIVE);

  private final ShardMap map;
  private final List<SqlLexer.Dialect> dialects;
  private final SqlLexer.Dialect dialect;
  private final SqlLimits limits;

  /**
   * Loads and initialises the parser's classes by parsing a few ORM-shaped statements (and running
   * the text scanners over them), keeping nothing. In a cold JVM the first parse costs hundreds of
   * milliseconds, nearly all class loading and initialisation; warm it costs about one. The driver
   * runs this on a background thread while it starts, so that the application's first statement
   * does not pay it. Never throws.
   */
  public static void warmUp() {
    for (String sql : WARM_UP) {
      try {
        SqlLexer.Lexed lexed = SqlLexer.lex(sql, SqlLexer.Dialect.POSTGRESQL);
        HintScanner.hasPrimaryHint(lexed);
        LiteralShape.of(sql, List.of(SqlLexer.Dialect.POSTGRESQL));
        CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
      } catch (ParseException | RuntimeException e) {
        // Only the class loading matters here.
      }
    }
  }

  public SqlAnalyzer(ShardMap map) {
    this(map, SqlLimits.DEFAULTS);
  }

  public SqlAnalyzer(ShardMap map, SqlLimits limits) {
    this.map = map;
    this.limits = limits;
    this.dialects = SqlLexer.Dialect.of(Engine.of(map.shards()));
    this.dialect = dialects.get(0);
  }

  /** The lexical rules this analyser reads SQL by: the first is the map's engine's. */
  public List<SqlLexer.Dialect> dialects() {
    return dialects;
  }

  /**
   * The template of {@code sql}. Never throws: a statement over a {@link SqlLimits} limit, one the
   * analyser cannot read as the database would, or one the analyser fails on (even with a {@link
   * StackOverflowError}) gets a refusing template, whose SQLState names the reason.
   */
  public StatementTemplate analyse(String sql) {
    try {
      return analyseWithinLimits(sql);
    } catch (StackOverflowError e) {
      return refusal(
          sql,
          ErrorCode.ANALYSIS_FAILED,
          "The analyser ran out of stack on this statement (a chain of "
              + "conditions or expressions too long to walk); shorten it, or use an IN list.");
    } catch (Throwable e) { // the analyser must never throw: anything else is refused too
      LOG.warn("The analyser failed on a statement; it is refused", e);
      return refusal(
          sql,
          ErrorCode.ANALYSIS_FAILED,
          "The analyser failed on this statement ("
              + e.getClass().getSimpleName()
              + ": "
              + firstLine(e.getMessage())
              + ").");
    }
  }

  private StatementTemplate analyseWithinLimits(String sql) {
    if (sql.length() > limits.maxLength()) {
      return refusal(
          sql,
          ErrorCode.SQL_TOO_LONG,
          "The statement is "
              + sql.length()
              + " characters long, over the analyser's limit of "
              + limits.maxLength()
              + " (maxLength); split it, or bind long lists as a JDBC batch.");
    }
    SqlLexer.Lexed lexed = SqlLexer.lex(sql, dialect);
    String distrust = SqlLexer.distrust(lexed, dialects);
    if (distrust != null) {
      return refusal(
          sql, ErrorCode.AMBIGUOUS_SQL, "Cannot route the statement safely: " + distrust + ".");
    }
    String code = lexed.code();
    int depth = nestingDepth(code);
    if (depth > limits.maxDepth()) {
      return refusal(
          sql,
          ErrorCode.SQL_TOO_DEEP,
          "The statement nests parentheses "
              + depth
              + " deep, over the analyser's limit of "
              + limits.maxDepth()
              + " (maxDepth); flatten it.");
    }
    StatementTemplate template = analyse(sql, code, HintScanner.hasPrimaryHint(lexed), depth);
    template =
        template.target() instanceof Target.Refused
            ? template
            : SessionEffects.apply(template, code);
    String shard = HintScanner.shardHint(lexed);
    return shard == null ? template : hinted(template, shard);
  }

  private static StatementTemplate refusal(String sql, ErrorCode code, String message) {
    return template(sql, StatementKind.OTHER, refused(code, message), false, false, "refused");
  }

  /**
   * Parses {@code sql} within the budget, with its long IN lists folded ({@link ListFolding}); the
   * text as written when the folded tree does not restore exactly.
   */
  private Statements parse(String sql, String code, int depth)
      throws ParseException, BoundedParser.OverBudget {
    long budget = limits.parseBudget().toNanos();
    boolean escapes = dialect == SqlLexer.Dialect.MARIADB;
    ListFolding.Folded folded = ListFolding.fold(sql, code);
    if (folded != null) {
      long start = System.nanoTime();
      try {
        Statements statements = BoundedParser.parse(folded.text(), escapes, depth, budget);
        if (statements.size() == 1 && ListFolding.restore(statements.get(0), folded)) {
          return statements;
        }
      } catch (ParseException | RuntimeException e) {
        // parse the text as written below: it gives the error, or the tree
      }
      budget -= System.nanoTime() - start;
    }
    return BoundedParser.parse(sql, escapes, depth, Math.max(budget, 1));
  }

  /** The deepest nesting of parentheses in {@code code}. */
  static int nestingDepth(String code) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(') {
        max = Math.max(max, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    return max;
  }

  /** The template with its target under a {@code shardwise:shard=NAME} hint. */
  private StatementTemplate hinted(StatementTemplate template, String shard) {
    Target target =
        map.shard(shard).isPresent()
            ? new Target.Hinted(shard, template.target())
            : refused(
                ErrorCode.SHARD_HINT,
                "The hint shardwise:shard="
                    + shard
                    + " names no shard of the map; its shards are "
                    + map.shards().stream().map(ShardSpec::name).toList()
                    + ".");
    return template.with(template.sql(), target);
  }

  private StatementTemplate analyse(String sql, String code, boolean hint, int depth) {
    Optional<StatementTemplate> byKeyword = byKeyword(sql, code, hint);
    if (byKeyword.isPresent()) {
      return byKeyword.get();
    }
    Statement statement;
    try {
      Statements statements = parse(sql, code, depth);
      if (statements.size() != 1) {
        return unanalysable(sql, hint, "it holds " + statements.size() + " statements");
      }
      statement = statements.get(0);
    } catch (BoundedParser.OverBudget e) {
      return refusal(
          sql,
          ErrorCode.ANALYSIS_BUDGET,
          "Parsing the statement took longer than the analyser's time budget of "
              + limits.parseBudget().toMillis()
              + " ms (parseBudget); simplify its nesting of subqueries and parentheses.");
    } catch (ParseException | RuntimeException e) {
      Optional<StatementTemplate> created = createTableByName(sql, code, hint);
      return created.orElseGet(
          () ->
              unanalysable(
                  sql, hint, "the parser rejected it (" + firstLine(e.getMessage()) + ")"));
    }
    if (statement instanceof ShowStatement) {
      // SHOW of a setting (PostgreSQL): read like SELECT without a table. Flyway runs SHOW
      // search_path on every connection it opens.
      return template(sql, StatementKind.SELECT, placeWithoutKey(Set.of()), false, hint, "SHOW");
    }
    if (statement instanceof Select select) {
      return select(sql, select, hint);
    }
    if (statement instanceof Insert insert) {
      return insert(sql, insert, hint);
    }
    if (statement instanceof Update update) {
      return update(sql, update, hint);
    }
    if (statement instanceof Delete delete) {
      return delete(sql, delete, hint);
    }
    Optional<StatementTemplate> ddl = ddl(sql, statement, hint);
    if (ddl.isPresent()) {
      return ddl.get();
    }
    return unanalysable(
        sql, hint, statement.getClass().getSimpleName() + " statements are not routed yet");
  }

  /**
   * A CREATE TABLE the parser rejects is still placed by the table it names, as parsed DDL is: on
   * every shard for a sharded or broadcast table, on the default shard for an unlisted one.
   * Flyway's MySQL/MariaDB history table ({@code CONSTRAINT PRIMARY KEY (...)} without a constraint
   * name) is one.
   */
  private Optional<StatementTemplate> createTableByName(String sql, String code, boolean hint) {
    // The code has quoted identifiers blanked out: find where the statement starts there, then
    // read the name from the text.
    int start = 0;
    while (start < code.length() && Character.isWhitespace(code.charAt(start))) {
      start++;
    }
    var created = CREATED_TABLE.matcher(sql).region(start, sql.length());
    if (!created.lookingAt()) {
      return Optional.empty();
    }
    String name = created.group(1);
    Target target =
        map.table(name).isPresent()
            ? new Target.EveryShard(PlacementReason.DDL_EVERYWHERE)
            : new Target.DefaultShard(PlacementReason.DEFAULT_SHARD);
    return Optional.of(
        template(
            sql, StatementKind.DDL, target, false, hint, "DDL on " + TableRule.normalize(name)));
  }

  /**
   * Statements recognised by their first keyword, before parsing: JSqlParser rejects most of them
   * (LOCK, PREPARE, SET search_path TO …), and none needs more than the keyword to route.
   */
  private Optional<StatementTemplate> byKeyword(String sql, String code, boolean hint) {
    String keyword = SqlText.firstKeyword(code);
    if (SqlText.hasSeveralStatements(code)) {
      return Optional.empty(); // the parser counts them and the multi-statement rule applies
    }
    Target target;
    SessionUse session = SessionUse.PINS;
    switch (keyword) {
      case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" -> {
        target = TransactionStatements.target(code);
        session = SessionUse.NONE;
      }
      case "SET" -> target = new Target.EveryShard(PlacementReason.SESSION_STATE);
      case "PREPARE", "EXECUTE", "DEALLOCATE" ->
          target = new Target.DefaultShard(PlacementReason.SESSION_STATE);
      case "LOCK", "UNLOCK" -> target = lockTarget(code);
      case "CALL" -> {
        target = new Target.DefaultShard(PlacementReason.PROCEDURE_CALL);
        session = SessionUse.NONE;
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(
        new StatementTemplate(
            sql, StatementKind.OTHER, target, false, false, session, hint, keyword));
  }

  /** LOCK TABLE(S) on a sharded or broadcast table locks it on every shard. */
  private Target lockTarget(String code) {
    var tables = LOCKED_TABLES.matcher(code);
    if (tables.find()) {
      for (String item : tables.group(1).split(",")) {
        String name = item.strip().split("\\s+")[0];
        if (!name.isEmpty() && map.table(name).isPresent()) {
          return new Target.EveryShard(PlacementReason.LOCK);
        }
      }
    }
    return new Target.DefaultShard(PlacementReason.LOCK);
  }

  private StatementTemplate select(String sql, Select select, boolean hint) {
    boolean locking = select.getForMode() != null;
    Set<String> tables = tablesOf(select);
    List<TableRule> sharded = sharded(tables);
    if (sharded.isEmpty()) {
      return template(sql, StatementKind.SELECT, placeWithoutKey(tables), locking, hint, "SELECT");
    }
    String summary = "SELECT on " + names(sharded);
    Target target;
    List<PlainSelect> selects = new ArrayList<>();
    boolean flat = isFlat(select, selects);
    if (flat && select instanceof PlainSelect plain) {
      target = flatSelect(plain, summary);
    } else {
      target = nestedSelect(selects, summary);
    }
    return template(sql, StatementKind.SELECT, target, locking, hint, summary);
  }

  /** A single SELECT over tables only: no subquery, UNION or CTE. */
  private Target flatSelect(PlainSelect plain, String summary) {
    Target refusal = checkJoin(plain, summary);
    if (refusal != null) {
      return refusal;
    }
    List<KeyExpressions.KeyTable> keyTables = keyTables(plain);
    List<KeyValue> keys = KeyExpressions.keysFromWhere(plain.getWhere(), keyTables);
    TableRule rule = keyTables.get(0).rule();
    if (keys != null && keys.size() == 1) {
      return byKey(rule, keys.get(0));
    }
    try {
      MergePlan merge = MergePlanner.plan(plain, keyTables);
      return keys == null
          ? new Target.Scatter(merge)
          : new Target.ByKeys(
              rule,
              keys,
              merge,
              InListPruning.split(merge.shardSql(), dialect, plain.getWhere(), keyTables));
    } catch (MergePlanner.Refusal e) {
      return refused(
          ErrorCode.CROSS_SHARD,
          summary
              + " spans shards and cannot be answered exactly: "
              + e.getMessage()
              + ". Fix the shard key (key = value) to run it on one shard.");
    }
  }

  /**
   * A SELECT with subqueries, UNION or a CTE: answered only when it provably lives on one shard,
   * that is when every SELECT in it that reads sharded tables fixes the key to one value. The
   * router checks at each execution that all those values land on the same shard.
   */
  private Target nestedSelect(List<PlainSelect> selects, String summary) {
    List<KeyValue> keys = new ArrayList<>();
    List<TableRule> keyRules = new ArrayList<>(); // each key's table: its key type converts it
    TableRule rule = null;
    for (PlainSelect plain : selects) {
      List<KeyExpressions.KeyTable> keyTables = keyTables(plain);
      if (keyTables.isEmpty()) {
        continue;
      }
      Target refusal = checkJoin(plain, summary);
      if (refusal != null) {
        return refusal;
      }
      List<KeyValue> found = KeyExpressions.keysFromWhere(plain.getWhere(), keyTables);
      if (found == null || found.size() != 1) {
        return refused(
            ErrorCode.CROSS_SHARD,
            summary
                + ": a subquery, UNION or WITH over sharded tables is answered only when it lives"
                + " on one shard, but its part '"
                + plain
                + "' does not fix the shard key to one value (key = literal or ?).");
      }
      if (found.get(0) instanceof KeyValue.Literal literal && literal.value() == null) {
        return byKey(keyTables.get(0).rule(), found.get(0));
      }
      TableRule partRule = keyTables.get(0).rule();
      rule = rule == null ? partRule : rule;
      if (!containsKey(keys, keyRules, found.get(0), partRule)) {
        keys.add(found.get(0));
        keyRules.add(partRule);
      }
    }
    if (rule == null) {
      return refused(
          ErrorCode.CROSS_SHARD,
          summary + ": the sharded tables sit where shardwise cannot see their key.");
    }
    return keys.size() == 1
        ? byKey(keyRules.get(0), keys.get(0))
        : new Target.ByKeys(rule, keys, keyRules, null, null);
  }

  /** Whether {@code key} is listed already for a table whose key type converts it alike. */
  private static boolean containsKey(
      List<KeyValue> keys, List<TableRule> keyRules, KeyValue key, TableRule rule) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(key) && keyRules.get(i).keyType() == rule.keyType()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sharded tables may be joined with broadcast tables, and with tables of their own table group
   * when the join equates their shard keys (co-located rows); anything else is refused.
   */
  private Target checkJoin(PlainSelect plain, String summary) {
    List<Table> from = new ArrayList<>();
    if (plain.getFromItem() instanceof Table table) {
      from.add(table);
    }
    if (plain.getJoins() != null) {
      for (Join join : plain.getJoins()) {
        if (join.getRightItem() instanceof Table table) {
          from.add(table);
        }
      }
    }
    List<KeyExpressions.KeyTable> keyed = new ArrayList<>();
    for (Table table : from) {
      Optional<TableRule> rule = map.table(table.getName());
      if (rule.isEmpty()) {
        return refused(
            ErrorCode.CROSS_SHARD,
            summary
                + ": a sharded table can be joined only with broadcast tables and tables of its"
                + " own table group; "
                + TableRule.normalize(table.getName())
                + " lives on the default shard, not on the other shards.");
      }
      if (rule.get().isSharded()) {
        keyed.add(new KeyExpressions.KeyTable(rule.get(), aliasOf(table)));
      }
    }
    if (keyed.size() <= 1) {
      return null;
    }
    Set<String> groups = new TreeSet<>();
    keyed.forEach(k -> groups.add(k.rule().group()));
    if (groups.size() > 1) {
      return refused(
          ErrorCode.CROSS_SHARD,
          summary
              + ": it joins tables of different table groups "
              + groups
              + "; only tables of one group are co-located by their shard key. Put the tables in"
              + " one group in the shard map, or join them in the application.");
    }
    if (!JoinKeys.connected(plain, keyed)) {
      return refused(
          ErrorCode.CROSS_SHARD,
          summary
              + ": a join of sharded tables must equate their shard keys (for example u.user_id ="
              + " o.user_id, with each column qualified), or matching rows may sit on different"
              + " shards.");
    }
    return null;
  }

  private List<KeyExpressions.KeyTable> keyTables(PlainSelect plain) {
    List<KeyExpressions.KeyTable> keyed = new ArrayList<>();
    List<net.sf.jsqlparser.statement.select.FromItem> items = new ArrayList<>();
    items.add(plain.getFromItem());
    if (plain.getJoins() != null) {
      plain.getJoins().forEach(j -> items.add(j.getRightItem()));
    }
    for (var item : items) {
      if (item instanceof Table table) {
        map.table(table.getName())
            .filter(TableRule::isSharded)
            .ifPresent(rule -> keyed.add(new KeyExpressions.KeyTable(rule, aliasOf(table))));
      }
    }
    return keyed;
  }

  /**
   * True when {@code select} is one SELECT over tables; collects every SELECT it contains either
   * way, subqueries and UNION branches included.
   */
  private static boolean isFlat(Select select, List<PlainSelect> selects) {
    boolean[] nested = {select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()};
    new TablesNamesFinder<Void>() {
      @Override
      public <S> Void visit(PlainSelect plainSelect, S context) {
        selects.add(plainSelect);
        if (!(plainSelect.getFromItem() instanceof Table)) {
          nested[0] = true;
        }
        return super.visit(plainSelect, context);
      }

      @Override
      public <S> Void visit(net.sf.jsqlparser.statement.select.SetOperationList list, S context) {
        nested[0] = true;
        return super.visit(list, context);
      }
    }.getTables((Statement) select);
    return !nested[0] && selects.size() == 1;
  }

  private StatementTemplate insert(String sql, Insert insert, boolean hint) {
    Optional<TableRule> rule = map.table(insert.getTable().getName());
    String summary = "INSERT into " + TableRule.normalize(insert.getTable().getName());
    Target target;
    if (rule.isEmpty() || !rule.get().isSharded()) {
      target = placeWrite(rule, tablesOf(insert));
    } else if (insert.getSelect() instanceof Values && otherShardedTables(insert, rule.get())) {
      target = refused(ErrorCode.UNSUPPORTED, summary + ": it reads other sharded tables.");
    } else {
      target = insertKey(insert, rule.get(), summary, sql);
    }
    return template(sql, StatementKind.INSERT, target, false, hint, summary);
  }

  private Target insertKey(Insert insert, TableRule rule, String summary, String sql) {
    if (insert.getColumns() == null || insert.getColumns().isEmpty()) {
      return refused(
          ErrorCode.NO_SHARD_KEY,
          summary
              + ": name the columns (INSERT INTO t (a, b) VALUES ...) so shardwise can find the"
              + " shard key "
              + rule.shardKey()
              + ".");
    }
    if (updatesKey(insert.getDuplicateUpdateSets(), rule)
        || (insert.getConflictAction() != null
            && updatesKey(insert.getConflictAction().getUpdateSets(), rule))) {
      return refused(ErrorCode.SHARD_KEY_UPDATE, shardKeyUpdateMessage(rule));
    }
    int position = -1;
    for (int i = 0; i < insert.getColumns().size(); i++) {
      if (TableRule.normalize(insert.getColumns().get(i).getColumnName()).equals(rule.shardKey())) {
        position = i;
      }
    }
    if (position < 0) {
      return refused(
          ErrorCode.NULL_SHARD_KEY,
          summary
              + " does not set the shard key "
              + rule.shardKey()
              + "; a row without a shard key has no owning shard.");
    }
    if (!(insert.getSelect() instanceof Values values)) {
      return InsertSelects.target(insert, rule, position, sharded(tablesOf(insert)), map);
    }
    ExpressionList<?> rows = values.getExpressions();
    if (rows instanceof ParenthesedExpressionList<?> row) {
      return rowKey(row, position, rule, summary).target();
    }
    List<KeyValue> rowKeys = new ArrayList<>();
    for (Expression item : rows) {
      if (!(item instanceof ParenthesedExpressionList<?> row)) {
        return refused(ErrorCode.UNANALYSABLE, summary + ": a VALUES row is not a (...) list.");
      }
      RowKey key = rowKey(row, position, rule, summary);
      if (key.key() == null || key.target() instanceof Target.Refused) {
        return key.target();
      }
      rowKeys.add(key.key());
    }
    ListSplit split = ListSplit.ofValues(sql, dialect, rowKeys);
    if (split == null) {
      return refused(
          ErrorCode.UNSUPPORTED,
          summary
              + ": the rows of its VALUES list could not be told apart in the SQL text, so it is"
              + " not split per shard; use a JDBC batch instead.");
    }
    return new Target.ByRows(rule, split);
  }

  /** The shard key of one VALUES row, or the refusal it earns. */
  private record RowKey(KeyValue key, Target target) {}

  private RowKey rowKey(
      ParenthesedExpressionList<?> row, int position, TableRule rule, String summary) {
    if (position >= row.size()) {
      return new RowKey(
          null, refused(ErrorCode.UNANALYSABLE, summary + ": fewer values than columns."));
    }
    Expression keyExpression = row.get(position);
    KeyValue key = KeyExpressions.value(keyExpression);
    if (key == null) {
      return new RowKey(
          null,
          refused(
              ErrorCode.NO_SHARD_KEY,
              summary
                  + ": the shard key "
                  + rule.shardKey()
                  + " is given as '"
                  + keyExpression
                  + "'; give it as a literal or a ? parameter."));
    }
    return new RowKey(key, byKey(rule, key));
  }

  private StatementTemplate update(String sql, Update update, boolean hint) {
    Optional<TableRule> rule = map.table(update.getTable().getName());
    String summary = "UPDATE of " + TableRule.normalize(update.getTable().getName());
    Target target;
    if (rule.isEmpty() || !rule.get().isSharded()) {
      target = placeWrite(rule, tablesOf(update));
    } else if (updatesKey(update.getUpdateSets(), rule.get())) {
      target = keyUpdate(update, rule.get());
    } else if (update.getFromItem() != null
        || present(update.getJoins())
        || present(update.getStartJoins())
        || otherShardedTables(update, rule.get())) {
      target =
          refused(
              ErrorCode.UNSUPPORTED, summary + ": UPDATE with joins or FROM is not routed yet.");
    } else {
      target = write(rule.get(), update.getWhere(), update.getTable(), sql);
    }
    return template(sql, StatementKind.UPDATE, target, false, hint, summary);
  }

  /**
   * An UPDATE that sets the shard key runs only when the row provably stays on its shard: the WHERE
   * fixes the key to one value and the new value is a literal or {@code ?} that lands on the same
   * shard, which the router checks with the bound values at each execution.
   */
  private Target keyUpdate(Update update, TableRule rule) {
    if (update.getFromItem() != null
        || present(update.getJoins())
        || present(update.getStartJoins())) {
      return refused(ErrorCode.SHARD_KEY_UPDATE, shardKeyUpdateMessage(rule));
    }
    List<KeyValue> where =
        KeyExpressions.keysFromWhere(
            update.getWhere(),
            List.of(new KeyExpressions.KeyTable(rule, aliasOf(update.getTable()))));
    KeyValue newKey = null;
    for (UpdateSet set : update.getUpdateSets()) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        if (TableRule.normalize(set.getColumns().get(i).getColumnName()).equals(rule.shardKey())) {
          newKey =
              set.getColumns().size() == set.getValues().size()
                  ? KeyExpressions.value(set.getValues().get(i))
                  : null;
        }
      }
    }
    if (where == null || where.size() != 1 || newKey == null) {
      return refused(
          ErrorCode.SHARD_KEY_UPDATE,
          shardKeyUpdateMessage(rule)
              + " (It runs only when the WHERE clause fixes the key to one value and the new value"
              + " is a literal or ? that lands on the same shard.)");
    }
    return new Target.SameShard(
        rule,
        List.of(where.get(0), newKey),
        ErrorCode.SHARD_KEY_UPDATE,
        shardKeyUpdateMessage(rule));
  }

  private StatementTemplate delete(String sql, Delete delete, boolean hint) {
    Optional<TableRule> rule = map.table(delete.getTable().getName());
    String summary = "DELETE from " + TableRule.normalize(delete.getTable().getName());
    Target target;
    if (rule.isEmpty() || !rule.get().isSharded()) {
      target = placeWrite(rule, tablesOf(delete));
    } else if ((present(delete.getTables()) && !deletesOnlyItsTable(delete))
        || present(delete.getJoins())
        || present(delete.getUsingList())
        || otherShardedTables(delete, rule.get())) {
      target = refused(ErrorCode.UNSUPPORTED, summary + ": multi-table DELETE is not routed yet.");
    } else {
      target = write(rule.get(), delete.getWhere(), delete.getTable(), sql);
    }
    return template(sql, StatementKind.DELETE, target, false, hint, summary);
  }

  /**
   * {@code DELETE t FROM orders t}: the multi-table syntax of MySQL/MariaDB naming only the table
   * it deletes from, as Hibernate's MariaDB dialect writes bulk deletes. It is a single-table
   * DELETE.
   */
  private static boolean deletesOnlyItsTable(Delete delete) {
    List<Table> tables = delete.getTables();
    if (tables == null || tables.size() != 1) {
      return false;
    }
    String named = TableRule.normalize(tables.get(0).getName());
    Table from = delete.getTable();
    return named.equals(TableRule.normalize(from.getName()))
        || (from.getAlias() != null
            && named.equals(TableRule.normalize(from.getAlias().getName())));
  }

  private Optional<StatementTemplate> ddl(String sql, Statement statement, boolean hint) {
    Table table = null;
    if (statement instanceof CreateTable create) {
      table = create.getTable();
    } else if (statement instanceof Alter alter) {
      table = alter.getTable();
    } else if (statement instanceof CreateIndex index) {
      table = index.getTable();
    } else if (statement instanceof Truncate truncate) {
      table = truncate.getTable();
    } else if (statement instanceof Drop drop) {
      table = "TABLE".equalsIgnoreCase(drop.getType()) ? drop.getName() : null;
    } else if (statement instanceof CreateView view) {
      return Optional.of(createView(sql, view, hint));
    } else if (!isOtherDdl(statement)) {
      return Optional.empty();
    }
    if (table == null) {
      return Optional.of(
          template(
              sql,
              StatementKind.DDL,
              new Target.EveryShard(PlacementReason.DDL_EVERYWHERE),
              false,
              hint,
              "DDL"));
    }
    Optional<TableRule> rule = map.table(table.getName());
    String summary = "DDL on " + TableRule.normalize(table.getName());
    Target target =
        rule.isPresent()
            ? new Target.EveryShard(PlacementReason.DDL_EVERYWHERE)
            : new Target.DefaultShard(PlacementReason.DEFAULT_SHARD);
    return Optional.of(template(sql, StatementKind.DDL, target, false, hint, summary));
  }

  /** A view over a sharded table would answer from one shard only: a silently wrong answer. */
  private StatementTemplate createView(String sql, CreateView view, boolean hint) {
    List<TableRule> sharded = sharded(tablesOf(view));
    Target target =
        sharded.isEmpty()
            ? new Target.DefaultShard(PlacementReason.DEFAULT_SHARD)
            : refused(
                ErrorCode.CROSS_SHARD,
                "CREATE VIEW over sharded table(s) "
                    + names(sharded)
                    + " is refused: a view is answered by one shard, which holds only part of"
                    + " the rows.");
    return template(sql, StatementKind.DDL, target, false, hint, "CREATE VIEW");
  }

  private static boolean isOtherDdl(Statement statement) {
    String name = statement.getClass().getPackageName();
    return name.startsWith("net.sf.jsqlparser.statement.create")
        || name.startsWith("net.sf.jsqlparser.statement.alter")
        || name.startsWith("net.sf.jsqlparser.statement.drop")
        || name.startsWith("net.sf.jsqlparser.statement.comment");
  }

  private static StatementTemplate refusedUnanalysable(String sql, boolean hint, String reason) {
    return template(
        sql,
        StatementKind.OTHER,
        refused(ErrorCode.UNANALYSABLE, "Cannot analyse the statement: " + reason),
        false,
        hint,
        "unanalysable");
  }

  private StatementTemplate unanalysable(String sql, boolean hint, String why) {
    if (map.unanalysable() == UnanalysablePolicy.REFUSE) {
      return refusedUnanalysable(
          sql,
          hint,
          why
              + ". Policy 'unanalysable: refuse' refuses it; rewrite it or set"
              + " 'unanalysable: default-primary' for statements on unsharded tables.");
    }
    if (UNPARSED_DDL.contains(SqlText.firstKeyword(SqlLexer.lex(sql, dialect).code()))) {
      // Schema changes (a procedure, a trigger, DDL the parser does not know) are applied
      // everywhere, as parseable DDL that names no table is: shards keep one schema.
      LOG.warn(
          "Cannot analyse DDL ({}); policy 'unanalysable: default-primary' runs it on every"
              + " shard's primary: {}",
          why,
          sql);
      return template(
          sql,
          StatementKind.DDL,
          new Target.EveryShard(PlacementReason.DDL_EVERYWHERE),
          false,
          hint,
          "DDL");
    }
    Set<String> named = namedRoutedTables(sql);
    if (!named.isEmpty()) {
      return refusedUnanalysable(
          sql,
          hint,
          why
              + ". It names sharded or broadcast table(s) "
              + named
              + ", so it is never sent blindly to the default shard.");
    }
    LOG.warn(
        "Cannot analyse statement ({}); policy 'unanalysable: default-primary' sends it to the"
            + " default shard's primary: {}",
        why,
        sql);
    return template(
        sql,
        StatementKind.OTHER,
        new Target.DefaultShard(PlacementReason.UNANALYSABLE_DEFAULT),
        false,
        hint,
        "unanalysable");
  }

  /** Every identifier in the text that names a sharded or broadcast table, in any case. */
  private Set<String> namedRoutedTables(String sql) {
    Set<String> named = new TreeSet<>();
    var matcher = IDENTIFIER.matcher(sql);
    while (matcher.find()) {
      map.table(matcher.group()).ifPresent(rule -> named.add(rule.name()));
    }
    return named;
  }

  private Target placeWithoutKey(Set<String> tables) {
    if (tables.isEmpty()) {
      return new Target.DefaultShard(PlacementReason.NO_TABLE);
    }
    boolean allBroadcast = tables.stream().allMatch(t -> map.table(t).isPresent());
    return new Target.DefaultShard(
        allBroadcast ? PlacementReason.BROADCAST_READ : PlacementReason.DEFAULT_SHARD);
  }

  /** A write to an unsharded or broadcast table; it must not read sharded tables. */
  private Target placeWrite(Optional<TableRule> rule, Set<String> tables) {
    List<TableRule> sharded = sharded(tables);
    if (!sharded.isEmpty()) {
      return refused(
          ErrorCode.CROSS_SHARD,
          "The statement writes a table that is not sharded but reads sharded table(s) "
              + names(sharded)
              + ", whose rows are spread over every shard.");
    }
    return rule.isPresent()
        ? new Target.EveryShard(PlacementReason.BROADCAST_WRITE)
        : new Target.DefaultShard(PlacementReason.DEFAULT_SHARD);
  }

  /**
   * An UPDATE or DELETE of a sharded table: on the owner of the key, on the owners of an IN list,
   * or on every shard, with the shards' counts added up.
   */
  private Target write(TableRule rule, Expression where, Table table, String sql) {
    List<KeyExpressions.KeyTable> keyTables =
        List.of(new KeyExpressions.KeyTable(rule, aliasOf(table)));
    List<KeyValue> keys = KeyExpressions.keysFromWhere(where, keyTables);
    if (keys == null) {
      return new Target.Scatter(null);
    }
    return keys.size() == 1
        ? byKey(rule, keys.get(0))
        : new Target.ByKeys(rule, keys, null, InListPruning.split(sql, dialect, where, keyTables));
  }

  private Target byKey(TableRule rule, KeyValue key, String sql) {
    if (key == null) {
      return refused(
          ErrorCode.NO_SHARD_KEY,
          "The statement does not fix the shard key of table "
              + rule.name()
              + " ("
              + rule.shardKey()
              + " = literal or ?).");
    }
    return byKey(rule, key);
  }

  private Target byKey(TableRule rule, KeyValue key) {
    if (key instanceof KeyValue.Literal literal && literal.value() == null) {
      return refused(
          ErrorCode.NULL_SHARD_KEY,
          "The shard key "
              + rule.name()
              + "."
              + rule.shardKey()
              + " is NULL; a row without a shard key has no owning shard.");
    }
    return new Target.ByKey(rule, key);
  }

  private boolean otherShardedTables(Statement statement, TableRule target) {
    return sharded(tablesOf(statement)).stream().anyMatch(rule -> !rule.equals(target));
  }

  private static boolean updatesKey(List<UpdateSet> sets, TableRule rule) {
    if (sets == null) {
      return false;
    }
    for (UpdateSet set : sets) {
      for (Column column : set.getColumns()) {
        if (TableRule.normalize(column.getColumnName()).equals(rule.shardKey())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String shardKeyUpdateMessage(TableRule rule) {
    return "The statement sets the shard key "
        + rule.name()
        + "."
        + rule.shardKey()
        + ", which could move the row to another shard; delete the row and insert it with the"
        + " new key instead.";
  }

  private List<TableRule> sharded(Set<String> tables) {
    List<TableRule> rules = new ArrayList<>();
    for (String table : tables) {
      map.table(table)
          .filter(TableRule::isSharded)
          .filter(rule -> !rules.contains(rule))
          .ifPresent(rules::add);
    }
    return rules;
  }

  private static Set<String> tablesOf(Statement statement) {
    Set<String> normalized = new TreeSet<>();
    for (String name : new TablesNamesFinder<Void>().getTables(statement)) {
      String last = name.substring(name.lastIndexOf('.') + 1);
      normalized.add(TableRule.normalize(last));
    }
    return normalized;
  }

  private static String aliasOf(Table table) {
    return table.getAlias() == null ? null : TableRule.normalize(table.getAlias().getName());
  }

  private static String names(List<TableRule> rules) {
    List<String> names = new ArrayList<>();
    rules.forEach(rule -> names.add(rule.name()));
    return String.join(", ", names);
  }

  private static boolean present(List<?> list) {
    return list != null && !list.isEmpty();
  }

  private static Target refused(ErrorCode code, String message) {
    return new Target.Refused(code, message);
  }

  private static StatementTemplate template(
      String sql,
      StatementKind kind,
      Target target,
      boolean locking,
      boolean hint,
      String summary) {
    return new StatementTemplate(sql, kind, target, locking, false, SessionUse.NONE, hint, summary);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    return message.strip().lines().findFirst().orElse("no detail");
  }
}
