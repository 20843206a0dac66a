package io.shardwise.reshard;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import net.openhft.hashing.LongHashFunction;

/**
 * The XXH64 of a row's canonical encoding, so that the same row read from two engines, or through
 * two column types of different width, hashes the same. Each value is a type tag, a length and
 * bytes: numbers as normalised decimals ({@code 42}, {@code 42.000} and a {@code BIGINT} 42 are one
 * value), strings as UTF-8 (collation never enters), timestamps as ISO-8601 instants in UTC, and
 * NULL as its own tag. Columns are taken in the order of their lower-case names, which both sides
 * of a comparison share whatever their physical column order.
 */
final class RowHasher {

  private static final LongHashFunction XXH64 = LongHashFunction.xx();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

  /** The row hash of {@code values}, already in canonical column order. */
  long hash(Object[] values) throws SQLException {
    buffer.reset();
    for (Object value : values) {
      append(value);
    }
    return XXH64.hashBytes(buffer.toByteArray());
  }

  private void append(Object value) throws SQLException {
    if (value == null) {
      buffer.write('N');
      return;
    }
    if (value instanceof Number number) {
      field('D', decimal(number).getBytes(StandardCharsets.US_ASCII));
    } else if (value instanceof byte[] bytes) {
      field('B', bytes);
    } else if (value instanceof Blob blob) {
      field('B', blob.getBytes(1, (int) blob.length()));
    } else if (value instanceof Clob clob) {
      field('S', clob.getSubString(1, (int) clob.length()).getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Boolean bool) {
      field('Z', new byte[] {(byte) (bool ? 1 : 0)});
    } else {
      field('S', temporalOrText(value).getBytes(StandardCharsets.UTF_8));
    }
  }

  private void field(char tag, byte[] bytes) {
    buffer.write(tag);
    int length = bytes.length;
    buffer.write(length >>> 24);
    buffer.write(length >>> 16);
    buffer.write(length >>> 8);
    buffer.write(length);
    buffer.write(bytes, 0, length);
  }

  static String decimal(Number number) {
    BigDecimal decimal;
    if (number instanceof BigDecimal d) {
      decimal = d;
    } else if (number instanceof BigInteger i) {
      decimal = new BigDecimal(i);
    } else if (number instanceof Double || number instanceof Float) {
      decimal = BigDecimal.valueOf(number.doubleValue());
    } else {
      decimal = BigDecimal.valueOf(number.longValue());
    }
    return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
  }

  /** Date-time values as ISO-8601; a zoned value as its UTC instant. */
  private static String temporalOrText(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant().toString();
    }
    if (value instanceof ZonedDateTime zoned) {
      return zoned.toInstant().toString();
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof LocalDateTime
        || value instanceof LocalDate
        || value instanceof LocalTime) {
      return value.toString();
    }
    return value.toString();
  }
}
