package io.shardwise.reshard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes primary-key values into checkpoint files and reads them back with their type, so a resumed
 * copy binds {@code WHERE pk > ?} with the same kind of value it stopped at.
 */
final class KeyCodec {

  private KeyCodec() {}

  static List<String> encode(Object[] key) {
    List<String> encoded = new ArrayList<>(key.length);
    for (Object value : key) {
      encoded.add(encode(value));
    }
    return encoded;
  }

  static String encode(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      return "int:" + value;
    }
    if (value instanceof BigDecimal decimal) {
      return "dec:" + decimal.toPlainString();
    }
    if (value instanceof String s) {
      return "str:" + s;
    }
    if (value instanceof UUID uuid) {
      return "uuid:" + uuid;
    }
    throw new ReshardException(
        "A primary-key value of type "
            + (value == null ? "null" : value.getClass().getName())
            + " cannot be checkpointed; supported key types are whole numbers, decimals, strings"
            + " and UUIDs.");
  }

  static Object[] decode(List<?> encoded) {
    Object[] key = new Object[encoded.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = decode((String) encoded.get(i));
    }
    return key;
  }

  static Object decode(String encoded) {
    int colon = encoded.indexOf(':');
    String type = encoded.substring(0, colon);
    String text = encoded.substring(colon + 1);
    return switch (type) {
      case "int" -> {
        BigInteger big = new BigInteger(text);
        yield big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
      }
      case "dec" -> new BigDecimal(text);
      case "str" -> text;
      case "uuid" -> UUID.fromString(text);
      default -> throw new ReshardException("Unreadable key '" + encoded + "' in a checkpoint");
    };
  }
}
