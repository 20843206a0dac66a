package io.shardwise.bench.jmh;

import io.shardwise.router.route.ParameterValues;
import java.util.Arrays;

/**
 * A reusable parameter holder, as a prepared statement keeps one: set values, route, set again. The
 * driver's own holder is package-private; this one has the same shape (an {@code Object[]}).
 */
final class Params implements ParameterValues {

  private final Object[] values;
  private int count;

  Params(int capacity) {
    values = new Object[capacity];
  }

  void set(int index, Object value) {
    values[index - 1] = value;
    count = Math.max(count, index);
  }

  @Override
  public boolean isSet(int index) {
    return index >= 1 && index <= count;
  }

  @Override
  public Object value(int index) {
    return values[index - 1];
  }

  @Override
  public String toString() {
    return Arrays.toString(Arrays.copyOf(values, count));
  }
}
