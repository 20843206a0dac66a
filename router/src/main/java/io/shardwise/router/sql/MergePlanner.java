package io.shardwise.router.sql;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.merge.ColumnMerge;
import io.shardwise.router.merge.ColumnMerge.Kind;
import io.shardwise.router.merge.Grouping;
import io.shardwise.router.merge.MergePlan;
import io.shardwise.router.merge.RowCondition;
import io.shardwise.router.merge.RowLimit;
import io.shardwise.router.merge.SortKey;
import io.shardwise.router.sql.KeyExpressions.KeyTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Plans a SELECT that spans shards: rewrites it into the statement each shard runs and describes
 * the merge that recombines the shards' rows into exactly the single-database answer. Anything it
 * cannot recombine exactly is refused with the reason.
 *
 * <p>Two shapes exist. Rows pass through when no row of the answer depends on rows of other shards:
 * no aggregation, or a GROUP BY / DISTINCT that includes the shard key (each group lives on one
 * shard). Otherwise partial groups are folded: COUNT and SUM add up, MIN and MAX compare, AVG is
 * SUM over COUNT, and HAVING, ORDER BY and LIMIT move from the shards to after the fold.
 *
 * <p>The planner mutates the parsed statement it is given into the shard SQL.
 */
final class MergePlanner {

  /** The query cannot be answered exactly across shards; the message says why. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private static final Set<String> MERGEABLE = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");

  /** Aggregates whose partial results cannot be recombined (besides JSON aggregates). */
  private static final Set<String> OTHER_AGGREGATES =
      Set.of(
          "STRING_AGG",
          "GROUP_CONCAT",
          "LISTAGG",
          "ARRAY_AGG",
          "STDDEV",
          "STDDEV_POP",
          "STDDEV_SAMP",
          "VARIANCE",
          "VAR_POP",
          "VAR_SAMP",
          "BIT_AND",
          "BIT_OR",
          "BIT_XOR",
          "BIT_AND_AGG",
          "BIT_OR_AGG",
          "BOOL_AND",
          "BOOL_OR",
          "EVERY",
          "ANY_VALUE",
          "MEDIAN",
          "MODE",
          "PERCENTILE_CONT",
          "PERCENTILE_DISC",
          "XMLAGG",
          "COUNT_BIG",
          "HISTOGRAM",
          "ENVELOPE",
          "RANK",
          "DENSE_RANK",
          "CORR",
          "COVAR_POP",
          "COVAR_SAMP");

  private final PlainSelect select;
  private final List<KeyTable> keyTables;
  private final List<SelectItem<?>> items;
  private final int visible;
  private final boolean star;
  private final List<ColumnMerge> merges = new ArrayList<>();
  private int firstDroppedParameter = Integer.MAX_VALUE;

  private MergePlanner(PlainSelect select, List<KeyTable> keyTables) {
    this.select = select;
    this.keyTables = keyTables;
    this.items = select.getSelectItems();
    this.visible = items.size();
    this.star = items.stream().anyMatch(i -> i.getExpression() instanceof AllColumns);
  }

  /** Plans {@code select}, which becomes the shard SQL. */
  static MergePlan plan(PlainSelect select, List<KeyTable> keyTables) throws Refusal {
    return new MergePlanner(select, keyTables).plan();
  }

  private MergePlan plan() throws Refusal {
    checkSupported();
    boolean distinct = select.getDistinct() != null;
    boolean aggregated =
        select.getGroupBy() != null
            || select.getHaving() != null
            || items.stream().anyMatch(i -> scan(i.getExpression()).aggregate);
    boolean shardLocal =
        (select.getGroupBy() != null && anyKey(groupExpressions()))
            || (distinct && !aggregated && anyKey(itemExpressions()));
    if ((aggregated || distinct) && !shardLocal) {
      return grouped(distinct, aggregated);
    }
    return rows(distinct);
  }

  // ---- rows that pass through: k-way merge on ORDER BY, LIMIT after the merge --------------

  private MergePlan rows(boolean distinct) throws Refusal {
    List<SortKey> order = new ArrayList<>();
    for (OrderByElement element : orderBy()) {
      Expression e = element.getExpression();
      noParameter(e, "ORDER BY");
      int column = resolve(e);
      if (column < 0) {
        if (distinct) {
          throw new Refusal("its ORDER BY expression " + e + " is not in the DISTINCT select list");
        }
        column = addHidden(e, null);
      }
      order.add(sortKey(element, column));
    }
    RowLimit limit = limit(true);
    if (star) {
      // SELECT * expands to an unknown number of columns: count hidden ones from the row's end
      List<SortKey> fromEnd = new ArrayList<>();
      for (SortKey key : order) {
        int index = key.column() - 1;
        fromEnd.add(
            index < visible
                ? key
                : new SortKey(-(items.size() - index), key.descending(), key.nulls()));
      }
      order = fromEnd;
    }
    return new MergePlan(
        select.toString(), boundParameters(), items.size() - visible, order, null, limit);
  }

  // ---- partial groups folded after the merge -----------------------------------------------

  private MergePlan grouped(boolean distinct, boolean aggregated) throws Refusal {
    if (star) {
      throw new Refusal(
          "SELECT * cannot be grouped or made DISTINCT across shards; name the columns");
    }
    if (distinct && aggregated) {
      throw new Refusal("DISTINCT over aggregated rows is not recombined across shards");
    }
    for (int i = 0; i < visible; i++) {
      merges.add(null);
    }
    for (int i = 0; i < visible; i++) {
      Expression e = items.get(i).getExpression();
      if (e instanceof Function f && isMergeable(f)) {
        merges.set(i, aggregateMerge(f));
      } else if (scan(e).aggregate) {
        throw new Refusal(
            "the select item "
                + e
                + " uses an aggregate that cannot be recombined from per-shard results (only"
                + " COUNT, SUM, MIN, MAX and AVG, each as a whole select item, are)");
      } else {
        merges.set(i, ColumnMerge.of(Kind.KEY));
      }
    }
    for (Expression e : groupExpressions()) {
      if (e instanceof LongValue position) {
        if (position.getValue() < 1 || position.getValue() > visible) {
          throw new Refusal("GROUP BY position " + position + " is out of range");
        }
        continue;
      }
      noParameter(e, "GROUP BY");
      if (resolve(e) < 0) {
        addHidden(e, ColumnMerge.of(Kind.KEY));
      }
    }
    RowCondition having = null;
    if (select.getHaving() != null) {
      having = condition(select.getHaving());
      select.setHaving(null);
    }
    List<SortKey> order = new ArrayList<>();
    for (OrderByElement element : orderBy()) {
      order.add(sortKey(element, groupedColumn(element.getExpression(), "ORDER BY")));
    }
    select.setOrderByElements(null);
    RowLimit limit = limit(false);
    return new MergePlan(
        select.toString(),
        boundParameters(),
        items.size() - visible,
        order,
        new Grouping(merges, having),
        limit);
  }

  private ColumnMerge aggregateMerge(Function f) throws Refusal {
    String name = f.getName().toUpperCase(Locale.ROOT);
    if (f.isDistinct()) {
      if (name.equals("COUNT") && isKeyArgument(f)) {
        // distinct key values never span shards, so per-shard distinct counts add up
        return ColumnMerge.of(Kind.COUNT);
      }
      if (name.equals("MIN") || name.equals("MAX")) {
        return ColumnMerge.of(Kind.valueOf(name));
      }
      throw new Refusal(
          f
              + " needs every distinct value in one place; across shards it is exact only as"
              + " COUNT(DISTINCT shard key)");
    }
    if (f.getKeep() != null || f.getHavingClause() != null || f.getLimit() != null) {
      throw new Refusal(f + " uses aggregate modifiers that are not recombined across shards");
    }
    if (name.equals("AVG")) {
      int sum = addHidden(new Function("SUM", f.getParameters().get(0)), ColumnMerge.of(Kind.SUM));
      int count =
          addHidden(new Function("COUNT", f.getParameters().get(0)), ColumnMerge.of(Kind.COUNT));
      return new ColumnMerge(Kind.AVG, sum, count);
    }
    return ColumnMerge.of(Kind.valueOf(name));
  }

  /** The folded column for an expression of ORDER BY or HAVING, added hidden when needed. */
  private int groupedColumn(Expression e, String clause) throws Refusal {
    noParameter(e, clause);
    int column = resolve(e);
    if (column >= 0) {
      return column;
    }
    if (select.getDistinct() != null) {
      throw new Refusal(
          "its " + clause + " expression " + e + " is not in the DISTINCT select list");
    }
    if (e instanceof Function f && isMergeable(f)) {
      int index = items.size();
      addHidden(e, ColumnMerge.of(Kind.KEY));
      merges.set(index, aggregateMerge(f));
      return index;
    }
    if (scan(e).aggregate) {
      throw new Refusal(
          "its "
              + clause
              + " expression "
              + e
              + " computes with an aggregate; only a whole COUNT, SUM, MIN, MAX or AVG is"
              + " recombined across shards");
    }
    return addHidden(e, ColumnMerge.of(Kind.KEY));
  }

  private RowCondition condition(Expression e) throws Refusal {
    if (e instanceof AndExpression and) {
      return new RowCondition.And(
          condition(and.getLeftExpression()), condition(and.getRightExpression()));
    }
    if (e instanceof OrExpression or) {
      return new RowCondition.Or(
          condition(or.getLeftExpression()), condition(or.getRightExpression()));
    }
    if (e instanceof NotExpression not) {
      return new RowCondition.Not(condition(not.getExpression()));
    }
    if (e instanceof ParenthesedExpressionList<?> parens && parens.size() == 1) {
      return condition(parens.get(0));
    }
    if (e instanceof IsNullExpression isNull) {
      return new RowCondition.IsNull(operand(isNull.getLeftExpression()), isNull.isNot());
    }
    if (e instanceof ComparisonOperator comparison) {
      return new RowCondition.Compare(
          operand(comparison.getLeftExpression()),
          comparison.getStringExpression().strip(),
          operand(comparison.getRightExpression()));
    }
    throw new Refusal(
        "its HAVING condition "
            + e
            + " is not evaluated after the merge; across shards HAVING may compare aggregates"
            + " and grouped columns with literals, combined by AND, OR, NOT and IS [NOT] NULL");
  }

  private RowCondition.Operand operand(Expression e) throws Refusal {
    Object literal = literal(e);
    if (literal != null) {
      return new RowCondition.Constant(literal);
    }
    if (e instanceof JdbcParameter) {
      throw new Refusal(
          "a ? parameter in HAVING of a GROUP BY that spans shards is not supported; write the"
              + " value as a literal");
    }
    return new RowCondition.Column(groupedColumn(e, "HAVING"));
  }

  private static Object literal(Expression e) {
    if (e instanceof LongValue l) {
      return l.getValue();
    }
    if (e instanceof DoubleValue d) {
      return new BigDecimal(d.toString());
    }
    if (e instanceof StringValue s) {
      return s.getNotExcapedValue();
    }
    if (e instanceof SignedExpression signed && signed.getSign() == '-') {
      Object inner = literal(signed.getExpression());
      if (inner instanceof Long l) {
        return -l;
      }
      if (inner instanceof BigDecimal d) {
        return d.negate();
      }
    }
    return null;
  }

  // ---- LIMIT / OFFSET / FETCH --------------------------------------------------------------

  /**
   * Reads the row limit and rewrites it for the shards: {@code offset + count} rows and no offset
   * when {@code pushDown}, no limit at all otherwise (partial groups must all be folded).
   */
  private RowLimit limit(boolean pushDown) throws Refusal {
    Limit limit = select.getLimit();
    Fetch fetch = select.getFetch();
    if (limit == null && select.getOffset() == null && fetch == null) {
      return null;
    }
    Expression count = null;
    Expression offset = null;
    if (limit != null) {
      if (limit.getByExpressions() != null) {
        throw new Refusal("LIMIT ... BY is not supported across shards");
      }
      count = limit.getRowCount();
      if (count instanceof net.sf.jsqlparser.expression.AllValue
          || count instanceof net.sf.jsqlparser.expression.NullValue) {
        count = null; // LIMIT ALL, LIMIT NULL
      }
      offset = limit.getOffset();
    }
    if (select.getOffset() != null) {
      offset = select.getOffset().getOffset();
    }
    if (fetch != null) {
      String words = fetch.toString().toUpperCase(Locale.ROOT);
      if (words.contains("PERCENT") || words.contains("TIES")) {
        throw new Refusal("FETCH ... PERCENT / WITH TIES is not supported across shards");
      }
      count = fetch.getExpression();
    }
    RowLimit rowLimit =
        new RowLimit(
            offset == null ? 0 : literalBound(offset),
            parameterBound(offset),
            count == null ? -1 : literalBound(count),
            parameterBound(count));
    select.setOffset(null);
    if (limit != null) {
      limit.setOffset(null);
    }
    // A per-shard bound of offset + count must be one value: MySQL and MariaDB accept only a
    // literal or a single ? after LIMIT, so a sum involving a parameter is not pushed down (the
    // merge still applies offset and count; the shards then return all their ordered rows).
    boolean sumNeedsParameters =
        offset != null && !(offset instanceof LongValue && count instanceof LongValue);
    if (!pushDown || count == null || sumNeedsParameters) {
      drop(count);
      drop(offset);
      select.setLimit(null);
      select.setFetch(null);
    } else {
      Expression perShard = offset == null ? count : sum(offset, count);
      if (limit != null) {
        limit.setRowCount(perShard);
      } else {
        fetch.setExpression(perShard);
      }
    }
    return rowLimit;
  }

  /** {@code a + b}, parameters kept in their textual order so bindings line up. */
  private static Expression sum(Expression a, Expression b) {
    if (a instanceof LongValue x && b instanceof LongValue y) {
      return new LongValue(Math.addExact(x.getValue(), y.getValue()));
    }
    boolean swap =
        a instanceof JdbcParameter pa
            && b instanceof JdbcParameter pb
            && pb.getIndex() < pa.getIndex();
    return new ParenthesedExpressionList<>(swap ? new Addition(b, a) : new Addition(a, b));
  }

  private static long literalBound(Expression e) throws Refusal {
    if (e instanceof LongValue l) {
      return l.getValue();
    }
    if (e instanceof JdbcParameter p && p.getIndex() != null) {
      return 0;
    }
    throw new Refusal("LIMIT/OFFSET " + e + " must be a number or a ? parameter across shards");
  }

  private static int parameterBound(Expression e) {
    return e instanceof JdbcParameter p ? p.getIndex() : 0;
  }

  private void drop(Expression e) {
    if (e instanceof JdbcParameter p) {
      firstDroppedParameter = Math.min(firstDroppedParameter, p.getIndex());
    }
  }

  private int boundParameters() {
    return firstDroppedParameter == Integer.MAX_VALUE
        ? Integer.MAX_VALUE
        : firstDroppedParameter - 1;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void checkSupported() throws Refusal {
    if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
      throw new Refusal("DISTINCT ON is not supported across shards");
    }
    if (select.getTop() != null || select.getIntoTables() != null) {
      throw new Refusal("TOP and SELECT INTO are not supported across shards");
    }
    if (select.getGroupBy() != null
        && select.getGroupBy().getGroupingSets() != null
        && !select.getGroupBy().getGroupingSets().isEmpty()) {
      throw new Refusal("GROUPING SETS are not supported across shards");
    }
    List<Expression> all = new ArrayList<>(itemExpressions());
    orderBy().forEach(o -> all.add(o.getExpression()));
    if (select.getHaving() != null) {
      all.add(select.getHaving());
    }
    for (Expression e : all) {
      Scan scan = scan(e);
      if (scan.window) {
        throw new Refusal(
            "window functions (OVER ...) see only one shard's rows; they are not supported across"
                + " shards");
      }
    }
  }

  /** 0-based select column of {@code e}, or -1. */
  private int resolve(Expression e) {
    if (e instanceof LongValue position) {
      long p = position.getValue();
      return p >= 1 && (star || p <= visible) ? (int) p - 1 : -1;
    }
    if (e instanceof Column c && c.getTable() == null) {
      String name = TableRule.normalize(c.getColumnName());
      for (int i = 0; i < visible; i++) {
        if (items.get(i).getAlias() != null
            && TableRule.normalize(items.get(i).getAlias().getName()).equals(name)) {
          return i;
        }
      }
    }
    String text = e.toString().toLowerCase(Locale.ROOT);
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).getExpression().toString().toLowerCase(Locale.ROOT).equals(text)) {
        return i;
      }
    }
    if (e instanceof Column c) {
      for (int i = 0; i < visible; i++) {
        if (items.get(i).getExpression() instanceof Column ic
            && TableRule.normalize(ic.getColumnName())
                .equals(TableRule.normalize(c.getColumnName()))
            && (c.getTable() == null || ic.getTable() == null)) {
          return i;
        }
      }
    }
    return -1;
  }

  private int addHidden(Expression e, ColumnMerge merge) throws Refusal {
    noParameter(e, "a column the merge needs");
    items.add(SelectItem.from(e));
    if (!merges.isEmpty() || merge != null) {
      merges.add(merge);
    }
    return items.size() - 1;
  }

  private static SortKey sortKey(OrderByElement element, int column) {
    SortKey.Nulls nulls =
        element.getNullOrdering() == null
            ? SortKey.Nulls.DEFAULT
            : element.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST
                ? SortKey.Nulls.FIRST
                : SortKey.Nulls.LAST;
    return new SortKey(column + 1, !element.isAsc(), nulls);
  }

  private void noParameter(Expression e, String clause) throws Refusal {
    if (scan(e).parameter) {
      throw new Refusal(
          "a ? parameter in "
              + clause
              + " ("
              + e
              + ") would move in the per-shard SQL; write the value as a literal");
    }
  }

  private boolean isKeyArgument(Function f) {
    return f.getParameters() != null
        && f.getParameters().size() == 1
        && KeyExpressions.isKeyColumn(f.getParameters().get(0), keyTables);
  }

  private boolean anyKey(List<Expression> expressions) {
    return expressions.stream().anyMatch(e -> KeyExpressions.isKeyColumn(e, keyTables));
  }

  private List<Expression> groupExpressions() {
    List<Expression> list = new ArrayList<>();
    if (select.getGroupBy() != null && select.getGroupBy().getGroupByExpressionList() != null) {
      for (Object e : select.getGroupBy().getGroupByExpressionList()) {
        list.add((Expression) e);
      }
    }
    return list;
  }

  private List<Expression> itemExpressions() {
    List<Expression> list = new ArrayList<>();
    items.forEach(i -> list.add(i.getExpression()));
    return list;
  }

  private List<OrderByElement> orderBy() {
    return select.getOrderByElements() == null ? List.of() : select.getOrderByElements();
  }

  private static boolean isMergeable(Function f) {
    return MERGEABLE.contains(f.getName().toUpperCase(Locale.ROOT))
        && !(f.getParameters() != null && f.getParameters().size() > 1)
        && !scanParameters(f).aggregate;
  }

  private static Scan scanParameters(Function f) {
    Scan scan = new Scan();
    if (f.getParameters() != null) {
      for (Expression p : f.getParameters()) {
        p.accept(scan, null);
      }
    }
    return scan;
  }

  private static Scan scan(Expression e) {
    Scan scan = new Scan();
    e.accept(scan, null);
    return scan;
  }

  /** What an expression contains: aggregates, window functions, parameters. */
  private static final class Scan extends ExpressionVisitorAdapter<Void> {
    boolean aggregate;
    boolean window;
    boolean parameter;

    @Override
    public <S> Void visit(Function function, S context) {
      String name = function.getName() == null ? "" : function.getName().toUpperCase(Locale.ROOT);
      if (MERGEABLE.contains(name)) {
        aggregate = true;
      } else if (OTHER_AGGREGATES.contains(name)) {
        aggregate = true;
      }
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(AnalyticExpression expression, S context) {
      window = true;
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(JsonAggregateFunction function, S context) {
      aggregate = true;
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(JdbcParameter jdbcParameter, S context) {
      parameter = true;
      return super.visit(jdbcParameter, context);
    }
  }
}
