package io.shardwise.driver.replication;

import java.util.Locale;

/**
 * A PostgreSQL write-ahead-log location ({@code pg_lsn}), an unsigned 64-bit byte offset written
 * {@code X/Y}: the high and low 32 bits in hexadecimal.
 *
 * @param value the offset, compared unsigned
 */
public record WalLsn(long value) implements ReplicationPosition, Comparable<WalLsn> {

  /** Parses {@code 16/B374D848}. */
  public static WalLsn parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("Not a PostgreSQL LSN (expected X/Y in hex): " + text);
    }
    try {
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      if (high > 0xFFFF_FFFFL || low > 0xFFFF_FFFFL || high < 0 || low < 0) {
        throw new IllegalArgumentException("PostgreSQL LSN out of range: " + text);
      }
      return new WalLsn(high << 32 | low);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a PostgreSQL LSN (expected X/Y in hex): " + text, e);
    }
  }

  @Override
  public boolean isAtLeast(ReplicationPosition other) {
    return compareTo(cast(other)) >= 0;
  }

  @Override
  public long distanceTo(ReplicationPosition ahead) {
    WalLsn target = cast(ahead);
    return Long.compareUnsigned(target.value, value) > 0 ? target.value - value : 0;
  }

  @Override
  public int compareTo(WalLsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  private static WalLsn cast(ReplicationPosition other) {
    if (other instanceof WalLsn lsn) {
      return lsn;
    }
    throw new IllegalArgumentException("Cannot compare a PostgreSQL LSN with " + other);
  }

  @Override
  public String toString() {
    return Long.toHexString(value >>> 32).toUpperCase(Locale.ROOT)
        + "/"
        + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
  }
}
