package io.shardwise.router.sql;

/**
 * A statement template that serves every statement of one {@link LiteralShape}: its routing does
 * not depend on the literal values, except for a shard key given as one literal, which is read from
 * each statement's own text. Only such templates are shared: anything whose decision could depend
 * on a literal (several keys, rewritten SQL, refusals) is analysed per text.
 *
 * @param template the template of the first statement of the shape
 * @param keyLiteral the index of the literal that holds the shard key, -1 when there is none
 */
public record ShapeTemplate(StatementTemplate template, int keyLiteral) {

  /** A shape template for {@code template}, or null when its routing may depend on literals. */
  public static ShapeTemplate of(StatementTemplate template, LiteralShape shape) {
    Target target = template.target();
    if (target instanceof Target.DefaultShard
        || target instanceof Target.EveryShard
        || target instanceof Target.PreviousShard) {
      return new ShapeTemplate(template, -1);
    }
    if (target instanceof Target.ByKey byKey && byKey.key() instanceof KeyValue.Literal literal) {
      int index = shape.indexOf(literal.value());
      return index < 0 ? null : new ShapeTemplate(template, index);
    }
    return null;
  }

  /** The template for another statement of the same shape. */
  public StatementTemplate instantiate(String sql, LiteralShape shape) {
    Target target = template.target();
    if (keyLiteral >= 0) {
      Target.ByKey byKey = (Target.ByKey) target;
      target = new Target.ByKey(byKey.table(), new KeyValue.Literal(shape.value(keyLiteral)));
    }
    return template.with(sql, target);
  }
}
