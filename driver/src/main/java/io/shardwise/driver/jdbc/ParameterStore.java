package io.shardwise.driver.jdbc;

import io.shardwise.router.route.ParameterValues;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;

/**
 * The parameters bound to a logical prepared statement: the value the router hashes, and how to
 * replay the binding on a physical statement. Common setters are stored as a kind code and replayed
 * through a switch (no allocation beyond boxing); rare ones (streams, calendars) as a {@link
 * Binder}.
 */
final class ParameterStore implements ParameterValues {

  /** Replays one uncommon binding. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement, int index) throws SQLException;
  }

  static final byte UNSET = 0;
  static final byte NULL = 1;
  static final byte BOOLEAN = 2;
  static final byte BYTE = 3;
  static final byte SHORT = 4;
  static final byte INT = 5;
  static final byte LONG = 6;
  static final byte FLOAT = 7;
  static final byte DOUBLE = 8;
  static final byte BIG_DECIMAL = 9;
  static final byte STRING = 10;
  static final byte BYTES = 11;
  static final byte DATE = 12;
  static final byte TIME = 13;
  static final byte TIMESTAMP = 14;
  static final byte OBJECT = 15;
  static final byte OBJECT_TYPED = 16;
  static final byte CUSTOM = 17;
  static final byte STREAM = 18;

  private Object[] values;
  private byte[] kinds;
  // The SQL types and binders of the rare setters (setNull, setObject with a type, streams...):
  // created on first use, so a statement bound with setLong and setString allocates two arrays.
  private int[] sqlTypes;
  private Binder[] binders;
  private int count;

  /** The highest index bound since the store was created: {@link #clear} does not lower it. */
  private int highest;

  ParameterStore() {
    this(8);
  }

  private ParameterStore(int capacity) {
    values = new Object[capacity];
    kinds = new byte[capacity];
  }

  void set(int index, byte kind, Object value) throws SQLException {
    set(index, kind, value, 0);
  }

  void set(int index, byte kind, Object value, int sqlType) throws SQLException {
    int i = slot(index);
    kinds[i] = kind;
    values[i] = value;
    if (sqlType != 0 || sqlTypes != null) {
      sqlTypes()[i] = sqlType;
    }
    if (binders != null) {
      binders[i] = null;
    }
  }

  /** An uncommon binding; {@code value} is what the router sees if this is the shard key. */
  void custom(int index, Object value, Binder binder) throws SQLException {
    int i = slot(index);
    kinds[i] = CUSTOM;
    values[i] = value;
    binders()[i] = binder;
  }

  /** A stream binding: the stream can be read once, so it is replayed on one node only. */
  void stream(int index, Object value, Binder binder) throws SQLException {
    custom(index, value, binder);
    if (value != null) {
      kinds[index - 1] = STREAM;
    }
  }

  boolean hasStream() {
    for (int i = 0; i < count; i++) {
      if (kinds[i] == STREAM) {
        return true;
      }
    }
    return false;
  }

  /** The SQL type given with slot {@code i}'s value; 0 ({@code Types.NULL}) when none was. */
  private int sqlType(int i) {
    return sqlTypes == null ? Types.NULL : sqlTypes[i];
  }

  private int[] sqlTypes() {
    if (sqlTypes == null) {
      sqlTypes = new int[values.length];
    }
    return sqlTypes;
  }

  private Binder[] binders() {
    if (binders == null) {
      binders = new Binder[values.length];
    }
    return binders;
  }

  private int slot(int index) throws SQLException {
    if (index < 1) {
      throw Arguments.parameterIndex(index);
    }
    if (index > values.length) {
      int capacity = Math.max(index, values.length * 2);
      values = Arrays.copyOf(values, capacity);
      kinds = Arrays.copyOf(kinds, capacity);
      sqlTypes = sqlTypes == null ? null : Arrays.copyOf(sqlTypes, capacity);
      binders = binders == null ? null : Arrays.copyOf(binders, capacity);
    }
    count = Math.max(count, index);
    highest = Math.max(highest, count);
    return index - 1;
  }

  void clear() {
    Arrays.fill(values, 0, count, null);
    Arrays.fill(kinds, 0, count, UNSET);
    if (binders != null) {
      Arrays.fill(binders, 0, count, null);
    }
    count = 0;
  }

  ParameterStore copy() {
    ParameterStore copy = new ParameterStore(Math.max(count, 1));
    System.arraycopy(values, 0, copy.values, 0, count);
    System.arraycopy(kinds, 0, copy.kinds, 0, count);
    if (sqlTypes != null) {
      System.arraycopy(sqlTypes, 0, copy.sqlTypes(), 0, count);
    }
    if (binders != null) {
      System.arraycopy(binders, 0, copy.binders(), 0, count);
    }
    copy.count = count;
    copy.highest = highest;
    return copy;
  }

  /**
   * Whether every index ever bound on this store is bound now, so that binding it on a physical
   * statement bound from this store before overwrites every earlier value. False after {@link
   * #clear} until each of them is bound again.
   */
  boolean overwritesEarlierBindings() {
    if (count < highest) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (kinds[i] == UNSET) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isSet(int index) {
    return index >= 1 && index <= count && kinds[index - 1] != UNSET;
  }

  @Override
  public Object value(int index) {
    Object value = values[index - 1];
    if (kinds[index - 1] == OBJECT_TYPED && value instanceof String text) {
      return asTargetNumber(text, sqlType(index - 1));
    }
    return value;
  }

  /**
   * The value a database stores for text bound with {@code setObject(text, numericType)}: the
   * number, so that the key lands where the same number bound with setLong does. Text that is not a
   * number stays text (the database will reject it).
   */
  private static Object asTargetNumber(String text, int sqlType) {
    boolean exactNumeric =
        switch (sqlType) {
          case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
          case Types.NUMERIC, Types.DECIMAL -> true;
          default -> false;
        };
    if (exactNumeric) {
      try {
        return new BigDecimal(text.trim());
      } catch (NumberFormatException notANumber) {
        return text;
      }
    }
    return text;
  }

  /** Binds every parameter on the physical statement. */
  void applyTo(PreparedStatement statement) throws SQLException {
    applyTo(statement, count);
  }

  /**
   * Binds parameters {@code 1..limit}: a cross-shard query's shard SQL may drop trailing ones
   * (LIMIT and OFFSET applied after the merge).
   */
  void applyTo(PreparedStatement statement, int limit) throws SQLException {
    int bound = Math.min(count, limit);
    for (int i = 0; i < bound; i++) {
      bind(statement, i + 1, i);
    }
  }

  /**
   * Binds a statement the router rewrote for one shard: its parameter {@code j + 1} takes the value
   * of the application's parameter {@code parameters[j]}.
   */
  void applyTo(PreparedStatement statement, int[] parameters) throws SQLException {
    for (int j = 0; j < parameters.length; j++) {
      int slot = parameters[j] - 1;
      if (slot < count) {
        bind(statement, j + 1, slot);
      }
    }
  }

  private void bind(PreparedStatement statement, int index, int i) throws SQLException {
    Object v = values[i];
    switch (kinds[i]) {
      case UNSET -> {}
      case NULL -> statement.setNull(index, sqlType(i));
      case BOOLEAN -> statement.setBoolean(index, (Boolean) v);
      case BYTE -> statement.setByte(index, (Byte) v);
      case SHORT -> statement.setShort(index, (Short) v);
      case INT -> statement.setInt(index, (Integer) v);
      case LONG -> statement.setLong(index, (Long) v);
      case FLOAT -> statement.setFloat(index, (Float) v);
      case DOUBLE -> statement.setDouble(index, (Double) v);
      case BIG_DECIMAL -> statement.setBigDecimal(index, (BigDecimal) v);
      case STRING -> statement.setString(index, (String) v);
      case BYTES -> statement.setBytes(index, (byte[]) v);
      case DATE -> statement.setDate(index, (Date) v);
      case TIME -> statement.setTime(index, (Time) v);
      case TIMESTAMP -> statement.setTimestamp(index, (Timestamp) v);
      case OBJECT -> statement.setObject(index, v);
      case OBJECT_TYPED -> statement.setObject(index, v, sqlType(i));
      default -> binders[i].bind(statement, index);
    }
  }
}
