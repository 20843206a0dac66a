package io.shardwise.router.ring;

import io.shardwise.router.config.KeyType;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Converts a shard-key value to the {@code keyType} its table declares, the way the database
 * converts a bound value to the key column's type when it stores the row, so that a row lands on
 * the shard of the value the column holds (docs/ring.md, "Declared key types"):
 *
 * <ul>
 *   <li>{@code integer}: a {@code String} of an optional sign and the digits 0-9, blanks around it
 *       allowed as MariaDB and PostgreSQL allow them, stands for its number;
 *   <li>{@code text}: an integral number stands for its decimal text ({@code BigDecimal}: {@code
 *       toPlainString()}, as JDBC drivers send it);
 *   <li>{@code uuid}: a {@code String} in the canonical 8-4-4-4-12 hex form stands for its UUID.
 * </ul>
 *
 * <p>A value of the declared family hashes exactly as it does without a key type. A value of a
 * supported type that does not convert is refused with {@link ErrorCode#KEY_TYPE_MISMATCH}; a value
 * of a type without a canonical encoding (a {@code Double}, a date) is left to {@link
 * ShardKeyHasher#hash(Object)}, which refuses it as it always did.
 */
final class KeyConversion {

  /** More significant digits than this may not fit in a long; fewer always do. */
  private static final int LONG_SAFE_DIGITS = 18;

  /** The longest part of a value an error message quotes: a key may be long text. */
  private static final int QUOTED_CHARS = 40;

  private static final String INTEGER_FORM =
      "an optional sign and the digits 0-9, blanks around them allowed";
  private static final String UUID_FORM =
      "the canonical form of 32 hex digits in groups of 8-4-4-4-12, such as"
          + " 123e4567-e89b-12d3-a456-426614174000";

  private KeyConversion() {}

  /**
   * The ring position of {@code key} as a value of {@code table}'s declared key type. Allocates
   * nothing when {@code key} is already of that family and {@link ShardKeyHasher#hash(Object)}
   * allocates nothing for it, nor for an integer key given as text that fits in a long.
   */
  static long hash(Object key, TableRule table) throws RoutingException {
    if (key instanceof String text && table.keyType() == KeyType.INTEGER) {
      int start = start(text);
      int end = end(text, start);
      int digits = firstDigit(text, start, end, table);
      if (end - firstSignificant(text, digits, end) <= LONG_SAFE_DIGITS) {
        return ShardKeyHasher.hashLong(smallInteger(text, start, digits, end));
      }
      return ShardKeyHasher.hash(bigInteger(text, start, digits, end, table));
    }
    return ShardKeyHasher.hash(convert(key, table));
  }

  /** The value {@code key} stands for as a value of {@code table}'s declared key type. */
  static Object convert(Object key, TableRule table) throws RoutingException {
    return switch (table.keyType()) {
      case INTEGER -> toInteger(key, table);
      case TEXT -> toText(key, table);
      case UUID -> toUuid(key, table);
    };
  }

  private static Object toInteger(Object key, TableRule table) throws RoutingException {
    if (key instanceof String text) {
      int start = start(text);
      int end = end(text, start);
      int digits = firstDigit(text, start, end, table);
      if (end - firstSignificant(text, digits, end) <= LONG_SAFE_DIGITS) {
        return smallInteger(text, start, digits, end);
      }
      BigInteger value = bigInteger(text, start, digits, end, table);
      return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }
    if (key instanceof UUID || key instanceof byte[]) {
      throw mismatch(key, table, "an integral number, or text that holds one");
    }
    return key; // numbers hash as they always did; any other type is refused by hash()
  }

  private static Object toText(Object key, TableRule table) throws RoutingException {
    if (ShardKeyHasher.isLongSized(key)) {
      return Long.toString(((Number) key).longValue());
    }
    if (key instanceof BigInteger big) {
      return big.toString();
    }
    if (key instanceof BigDecimal decimal) {
      ShardKeyHasher.integralValue(decimal); // refuses a fraction, or too many digits, as always
      return decimal.toPlainString(); // 42.000 is stored as the text '42.000', not '42'
    }
    if (key instanceof UUID || key instanceof byte[]) {
      throw mismatch(key, table, "a String, or an integral number (its decimal text is the key)");
    }
    return key;
  }

  private static Object toUuid(Object key, TableRule table) throws RoutingException {
    if (key instanceof String text) {
      return uuid(text, table);
    }
    if (isIntegral(key) || key instanceof byte[]) {
      throw mismatch(key, table, "a java.util.UUID, or text in " + UUID_FORM);
    }
    return key;
  }

  /** The number types with a canonical encoding (a BigDecimal only when whole, checked later). */
  private static boolean isIntegral(Object key) {
    return ShardKeyHasher.isLongSized(key)
        || key instanceof BigInteger
        || key instanceof BigDecimal;
  }

  // ---- integers written as text ----------------------------------------------------------

  /** The index of the first character that is not a blank. */
  private static int start(String text) {
    int start = 0;
    while (start < text.length() && isBlank(text.charAt(start))) {
      start++;
    }
    return start;
  }

  /** The index after the last character that is not a blank. */
  private static int end(String text, int start) {
    int end = text.length();
    while (end > start && isBlank(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** The ASCII white space that MariaDB and PostgreSQL skip around a number they convert. */
  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  /** The index of the first digit, after an optional sign; refuses anything but ASCII digits. */
  private static int firstDigit(String text, int start, int end, TableRule table)
      throws RoutingException {
    int digits =
        start < end && (text.charAt(start) == '-' || text.charAt(start) == '+') ? start + 1 : start;
    if (digits == end) {
      throw notAnInteger(text, table);
    }
    for (int i = digits; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw notAnInteger(text, table);
      }
    }
    return digits;
  }

  private static int firstSignificant(String text, int digits, int end) {
    int at = digits;
    while (at < end - 1 && text.charAt(at) == '0') {
      at++;
    }
    return at;
  }

  /** The value of at most {@value #LONG_SAFE_DIGITS} significant digits: it fits in a long. */
  private static long smallInteger(String text, int start, int digits, int end) {
    long value = 0;
    for (int i = digits; i < end; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return text.charAt(start) == '-' ? -value : value;
  }

  private static BigInteger bigInteger(String text, int start, int digits, int end, TableRule table)
      throws RoutingException {
    if (end - digits > ShardKeyHasher.MAX_DECIMAL_INTEGER_DIGITS) {
      throw new RoutingException(
          ErrorCode.KEY_TYPE_MISMATCH,
          prefix(table)
              + "its value is text of "
              + (end - digits)
              + " digits, more than the "
              + ShardKeyHasher.MAX_DECIMAL_INTEGER_DIGITS
              + " any SQL numeric column holds.");
    }
    return new BigInteger(text.substring(start, end)); // only a sign and ASCII digits: checked
  }

  // ---- UUIDs written as text -------------------------------------------------------------

  private static UUID uuid(String text, TableRule table) throws RoutingException {
    if (text.length() != 36) {
      throw notAUuid(text, table);
    }
    long most = 0;
    long least = 0;
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          throw notAUuid(text, table);
        }
        continue;
      }
      int digit = hexDigit(c);
      if (digit < 0) {
        throw notAUuid(text, table);
      }
      if (i < 18) {
        most = most << 4 | digit;
      } else {
        least = least << 4 | digit;
      }
    }
    return new UUID(most, least);
  }

  /** An ASCII hex digit's value, either case; -1 for anything else. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  // ---- refusals --------------------------------------------------------------------------

  private static String prefix(TableRule table) {
    return "The shard key "
        + table.name()
        + "."
        + table.shardKey()
        + " has keyType "
        + table.keyType().configName()
        + ", but ";
  }

  private static RoutingException notAnInteger(String text, TableRule table) {
    return new RoutingException(
        ErrorCode.KEY_TYPE_MISMATCH,
        prefix(table)
            + "its value "
            + quote(text)
            + " is not an integer ("
            + INTEGER_FORM
            + "). Bind the number, or text that holds one.");
  }

  private static RoutingException notAUuid(String text, TableRule table) {
    return new RoutingException(
        ErrorCode.KEY_TYPE_MISMATCH,
        prefix(table)
            + "its value "
            + quote(text)
            + " is not a UUID in "
            + UUID_FORM
            + ". Bind a java.util.UUID, or text in that form.");
  }

  private static RoutingException mismatch(Object key, TableRule table, String expected) {
    return new RoutingException(
        ErrorCode.KEY_TYPE_MISMATCH,
        prefix(table)
            + "its value is a "
            + key.getClass().getTypeName()
            + ", which does not convert to "
            + table.keyType().configName()
            + ". Bind "
            + expected
            + ".");
  }

  /** The text in quotes, cut after {@value #QUOTED_CHARS} characters. */
  private static String quote(String text) {
    return text.length() <= QUOTED_CHARS
        ? "'" + text + "'"
        : "'" + text.substring(0, QUOTED_CHARS) + "…' (" + text.length() + " characters)";
  }
}
