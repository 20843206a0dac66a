package io.shardwise.driver.merge;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;

/** Converts a merged column value to what a typed getter promises. */
final class Conversions {

  private Conversions() {}

  static String string(Object v) {
    return v == null
        ? null
        : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString();
  }

  static boolean bool(Object v) throws SQLException {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.intValue() != 0;
    }
    String s = v.toString().strip();
    if (s.equalsIgnoreCase("true") || s.equals("1")) {
      return true;
    }
    if (s.equalsIgnoreCase("false") || s.equals("0")) {
      return false;
    }
    throw conversion(v, "boolean");
  }

  static Number number(Object v) throws SQLException {
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    try {
      return new BigDecimal(v.toString().strip());
    } catch (NumberFormatException e) {
      throw conversion(v, "number");
    }
  }

  static Date date(Object v) throws SQLException {
    if (v == null || v instanceof Date) {
      return (Date) v;
    }
    if (v instanceof java.time.LocalDate d) {
      return Date.valueOf(d);
    }
    if (v instanceof Timestamp t) {
      return Date.valueOf(t.toLocalDateTime().toLocalDate());
    }
    throw conversion(v, "DATE");
  }

  static Time time(Object v) throws SQLException {
    if (v == null || v instanceof Time) {
      return (Time) v;
    }
    if (v instanceof java.time.LocalTime t) {
      return Time.valueOf(t);
    }
    throw conversion(v, "TIME");
  }

  static Timestamp timestamp(Object v) throws SQLException {
    if (v == null || v instanceof Timestamp) {
      return (Timestamp) v;
    }
    if (v instanceof java.time.LocalDateTime t) {
      return Timestamp.valueOf(t);
    }
    if (v instanceof Date d) {
      return new Timestamp(d.getTime());
    }
    throw conversion(v, "TIMESTAMP");
  }

  static <T> T as(Object v, Class<T> type) throws SQLException {
    if (v == null) {
      return null;
    }
    if (type.isInstance(v)) {
      return type.cast(v);
    }
    Object converted;
    if (type == String.class) {
      converted = string(v);
    } else if (type == Integer.class) {
      converted = number(v).intValue();
    } else if (type == Long.class) {
      converted = number(v).longValue();
    } else if (type == Double.class) {
      converted = number(v).doubleValue();
    } else if (type == BigDecimal.class) {
      converted = Values.decimal(number(v));
    } else if (type == Boolean.class) {
      converted = bool(v);
    } else if (type == java.time.LocalDate.class && v instanceof Date d) {
      converted = d.toLocalDate();
    } else if (type == java.time.LocalDateTime.class && v instanceof Timestamp t) {
      converted = t.toLocalDateTime();
    } else {
      throw conversion(v, type.getName());
    }
    return type.cast(converted);
  }

  private static SQLException conversion(Object v, String type) {
    return new SQLException(
        "Cannot convert " + v.getClass().getName() + " value '" + v + "' to " + type + ".",
        "22018");
  }
}
