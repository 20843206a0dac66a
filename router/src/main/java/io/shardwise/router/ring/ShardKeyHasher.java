package io.shardwise.router.ring;

import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.openhft.hashing.LongHashFunction;

/**
 * Hashes a shard-key value to its position on the ring: XXH64 with seed 0 over the value's
 * canonical bytes. The encoding is part of the placement contract (docs/ring.md): changing it moves
 * data, so every branch is pinned by fixed expected hashes in the tests.
 *
 * <p>Canonical bytes by type family:
 *
 * <ul>
 *   <li>Integral numbers ({@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link
 *       BigInteger}, and {@link BigDecimal} without a fractional part): a value that fits in a
 *       {@code long} is its 8 bytes, little-endian two's complement, whatever its Java type, so
 *       {@code 42}, {@code 42L} and {@code new BigDecimal("42.000")} land on the same shard. A
 *       larger value is the marker byte {@value #BIG_INTEGER_MARKER} followed by the minimal
 *       big-endian two's complement bytes of the value (at least 10 bytes in all, so it can never
 *       equal an 8-byte encoding).
 *   <li>{@link String}: its UTF-8 bytes.
 *   <li>{@link UUID}: 16 bytes, the most significant long then the least, each big-endian.
 *   <li>{@code byte[]}: the bytes as they are.
 * </ul>
 *
 * <p>Equal values of different families are different keys: the string {@code "42"} does not land
 * where the number {@code 42} does. Every other type is refused rather than guessed at: a {@code
 * Double} key, say, would place {@code 0.1 + 0.2} and {@code 0.3} on different shards.
 */
public final class ShardKeyHasher {

  /** Prefixes the two's complement bytes of an integral value that does not fit in a long. */
  public static final byte BIG_INTEGER_MARKER = 0x01;

  /**
   * The largest number of integer digits accepted from a {@link BigDecimal}: PostgreSQL's {@code
   * numeric} limit. {@code new BigDecimal("1E+999999999")} is one short string, but its exact
   * integer would take hundreds of megabytes, so such a key is refused before it is expanded.
   */
  static final int MAX_DECIMAL_INTEGER_DIGITS = 131_072;

  static final String SUPPORTED_TYPES =
      "Integer, Long, Short, Byte, BigInteger, BigDecimal without a fractional part, String, UUID"
          + " and byte[]";

  private static final LongHashFunction XXH64 = LongHashFunction.xx();

  // LongHashFunction.hashLong hashes the long's bytes in native order; we define the encoding as
  // little-endian, so on a big-endian machine the value is pre-swapped to hash the same bytes.
  private static final boolean BIG_ENDIAN_PLATFORM =
      ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

  private ShardKeyHasher() {}

  /**
   * The ring position of a shard-key value. Allocates nothing for {@code Integer}, {@code Long},
   * {@code Short} and {@code Byte} keys.
   *
   * @throws RoutingException {@link ErrorCode#NULL_SHARD_KEY} for null, {@link
   *     ErrorCode#UNSUPPORTED_KEY_TYPE} for a type without a canonical encoding
   */
  public static long hash(Object key) throws RoutingException {
    if (key instanceof Long l) {
      return hashLong(l);
    }
    if (key instanceof Integer i) {
      return hashLong(i);
    }
    if (key instanceof String s) {
      return XXH64.hashBytes(s.getBytes(StandardCharsets.UTF_8));
    }
    return hashOther(key);
  }

  /**
   * The ring position of a value of {@code table}'s shard key: {@link #hash(Object)} of the value
   * converted to the table's declared key type ({@link #convert}), so that the string {@code "42"}
   * of an {@code integer} key lands where the number 42 does. Without a declared key type, exactly
   * {@link #hash(Object)}. Allocates nothing where {@link #hash(Object)} allocates nothing for the
   * value, nor for an {@code integer} key given as text of a number that fits in a long.
   *
   * @throws RoutingException as {@link #hash(Object)} does, and {@link ErrorCode#KEY_TYPE_MISMATCH}
   *     for a value that does not convert to the declared type (the string {@code "abc"} for an
   *     {@code integer} key)
   */
  public static long hash(Object key, TableRule table) throws RoutingException {
    return table.keyType() == null ? hash(key) : KeyConversion.hash(key, table);
  }

  /**
   * The value that stands for {@code key} as a value of {@code table}'s shard key, whose {@link
   * #hash(Object)} is {@link #hash(Object, TableRule)}: the {@code Long} 42 for the text {@code "
   * 42"} of an {@code integer} key, the text {@code "42"} for the number 42 of a {@code text} key.
   * {@code key} itself when the table declares no key type or the value is already of its family.
   * For tools and explanations; routing uses {@link #hash(Object, TableRule)}.
   *
   * @throws RoutingException {@link ErrorCode#KEY_TYPE_MISMATCH} for a value that does not convert
   */
  public static Object convert(Object key, TableRule table) throws RoutingException {
    return table.keyType() == null ? key : KeyConversion.convert(key, table);
  }

  /**
   * The canonical bytes of a shard-key value, whose XXH64 is {@link #hash(Object)}. For tools and
   * tests; routing uses {@link #hash(Object)}. The result is always a fresh array.
   *
   * @throws RoutingException as {@link #hash(Object)} does
   */
  public static byte[] canonicalBytes(Object key) throws RoutingException {
    if (key instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (key instanceof UUID uuid) {
      return uuidBytes(uuid);
    }
    if (key instanceof byte[] bytes) {
      return bytes.clone();
    }
    BigInteger value = integralValue(key);
    if (fitsInLong(value)) {
      return littleEndian(value.longValue());
    }
    return bigIntegerBytes(value);
  }

  private static long hashOther(Object key) throws RoutingException {
    if (key instanceof Short s) {
      return hashLong(s);
    }
    if (key instanceof Byte b) {
      return hashLong(b);
    }
    if (key instanceof UUID uuid) {
      return XXH64.hashBytes(uuidBytes(uuid));
    }
    if (key instanceof byte[] bytes) {
      return XXH64.hashBytes(bytes);
    }
    BigInteger value = integralValue(key);
    if (fitsInLong(value)) {
      return hashLong(value.longValue());
    }
    return XXH64.hashBytes(bigIntegerBytes(value));
  }

  /** XXH64 of the 8 little-endian bytes of {@code value}, on every platform. */
  static long hashLong(long value) {
    return XXH64.hashLong(BIG_ENDIAN_PLATFORM ? Long.reverseBytes(value) : value);
  }

  /** A {@code Long}, {@code Integer}, {@code Short} or {@code Byte}: its value is a long. */
  static boolean isLongSized(Object key) {
    return key instanceof Long
        || key instanceof Integer
        || key instanceof Short
        || key instanceof Byte;
  }

  /** The exact integer a numeric key stands for, or the reason it has none. */
  static BigInteger integralValue(Object key) throws RoutingException {
    if (isLongSized(key)) {
      return BigInteger.valueOf(((Number) key).longValue());
    }
    if (key instanceof BigInteger big) {
      return big;
    }
    if (key instanceof BigDecimal decimal) {
      return decimalIntegralValue(decimal);
    }
    throw refused(key);
  }

  private static BigInteger decimalIntegralValue(BigDecimal key) throws RoutingException {
    // Scale is representation, not value: 42, 42.000 and 4.20E+1 are one key.
    BigDecimal stripped = key.stripTrailingZeros();
    if (stripped.scale() > 0) {
      throw new RoutingException(
          ErrorCode.UNSUPPORTED_KEY_TYPE,
          "Shard key of type java.math.BigDecimal has a fractional part, and only whole numbers can"
              + " be shard keys. Supported shard-key types: "
              + SUPPORTED_TYPES
              + ".");
    }
    if (stripped.precision() - stripped.scale() > MAX_DECIMAL_INTEGER_DIGITS) {
      throw new RoutingException(
          ErrorCode.UNSUPPORTED_KEY_TYPE,
          "Shard key of type java.math.BigDecimal has more than "
              + MAX_DECIMAL_INTEGER_DIGITS
              + " integer digits, more than any SQL numeric column holds.");
    }
    return stripped.toBigIntegerExact();
  }

  private static RoutingException refused(Object key) {
    if (key == null) {
      return new RoutingException(
          ErrorCode.NULL_SHARD_KEY,
          "Shard key is NULL: a row without a shard key has no owning shard. Bind a non-null"
              + " shard-key value.");
    }
    return new RoutingException(
        ErrorCode.UNSUPPORTED_KEY_TYPE,
        "Shard key of type "
            + key.getClass().getTypeName()
            + " has no canonical encoding, so its shard would be a guess. Bind it as one of the"
            + " supported shard-key types: "
            + SUPPORTED_TYPES
            + ".");
  }

  private static boolean fitsInLong(BigInteger value) {
    return value.bitLength() < Long.SIZE; // bitLength excludes the sign bit
  }

  private static byte[] littleEndian(long value) {
    byte[] bytes = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  private static byte[] bigIntegerBytes(BigInteger value) {
    byte[] magnitude = value.toByteArray(); // minimal big-endian two's complement
    byte[] bytes = new byte[magnitude.length + 1];
    bytes[0] = BIG_INTEGER_MARKER;
    System.arraycopy(magnitude, 0, bytes, 1, magnitude.length);
    return bytes;
  }

  private static byte[] uuidBytes(UUID uuid) {
    byte[] bytes = new byte[16];
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (msb >>> (56 - 8 * i));
      bytes[Long.BYTES + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return bytes;
  }
}
