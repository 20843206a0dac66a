package io.shardwise.driver.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Comparison and arithmetic on column values as JDBC returns them. Strings compare by UTF-16 code
 * units, which matches a binary collation (H2's default, PostgreSQL's "C", MySQL's *_bin); under a
 * linguistic collation the shards sort differently from this and the merge order is not exact.
 */
final class Values {

  private Values() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    // The usual sort keys first, compared without the general path's type tests.
    Class<?> type = a.getClass();
    if (type == b.getClass()) {
      if (type == Long.class) {
        return Long.compare((Long) a, (Long) b);
      }
      if (type == Integer.class) {
        return Integer.compare((Integer) a, (Integer) b);
      }
      if (type == String.class) {
        return ((String) a).compareTo((String) b);
      }
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (integral(x) && integral(y)) {
        return Long.compare(x.longValue(), y.longValue());
      }
      if ((x instanceof Double || x instanceof Float)
          && (y instanceof Double || y instanceof Float)) {
        return Double.compare(x.doubleValue(), y.doubleValue());
      }
      return decimal(x).compareTo(decimal(y));
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof Comparable c && a.getClass().isInstance(b)) {
      return c.compareTo(b);
    }
    if (a instanceof Comparable c && b.getClass().isInstance(a)) {
      return -((Comparable) b).compareTo(a);
    }
    throw new IllegalStateException(
        "Cannot compare " + a.getClass().getName() + " with " + b.getClass().getName());
  }

  static boolean integral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (integral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    return new BigDecimal(n.toString());
  }

  /** a + b for partial sums of one column, keeping its type family; null is the empty sum. */
  static Object add(Object a, Object b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Number x = (Number) a;
    Number y = (Number) b;
    if (integral(x) && integral(y)) {
      long sum;
      try {
        sum = Math.addExact(x.longValue(), y.longValue());
      } catch (ArithmeticException overflow) {
        return decimal(x).add(decimal(y));
      }
      return x instanceof Integer && sum == (int) sum ? (Object) (int) sum : (Object) sum;
    }
    if ((x instanceof Double || x instanceof Float)
        && (y instanceof Double || y instanceof Float)) {
      return x.doubleValue() + y.doubleValue();
    }
    return decimal(x).add(decimal(y));
  }

  /** A value usable as (part of) a hash key with SQL equality: 1.0 equals 1.00. */
  static Object groupKey(Object value) {
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return value;
  }
}
