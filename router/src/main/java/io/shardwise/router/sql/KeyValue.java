package io.shardwise.router.sql;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import io.shardwise.router.route.ParameterValues;

/** Where a statement's shard-key value comes from: the SQL text, or a bound parameter. */
public sealed interface KeyValue permits KeyValue.Literal, KeyValue.Parameter {

  /** The value for one execution. */
  Object resolve(ParameterValues parameters) throws RoutingException;

  /** A literal written in the SQL; null for a literal NULL. */
  record Literal(Object value) implements KeyValue {
    @Override
    public Object resolve(ParameterValues parameters) {
      return value;
    }

    @Override
    public String toString() {
      return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
  }

  /** A {@code ?} parameter, 1-based in textual order. */
  record Parameter(int index) implements KeyValue {
    @Override
    public Object resolve(ParameterValues parameters) throws RoutingException {
      if (!parameters.isSet(index)) {
        throw new RoutingException(
            ErrorCode.INVALID_USE,
            "Parameter "
                + index
                + " holds the shard key but is not set; bind it before executing the statement.");
      }
      return parameters.value(index);
    }

    @Override
    public String toString() {
      return "?" + index;
    }
  }
}
