package io.shardwise.driver.replication;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position ({@code @@gtid_binlog_pos}, {@code @@gtid_slave_pos}): for each
 * replication domain, the last transaction {@code domain-server-seq}. Sequence numbers grow within
 * a domain whichever server wrote them, so positions compare domain by domain on {@code seq}; the
 * server id is kept for display.
 *
 * @param domains the last GTID per domain id
 */
public record GtidPosition(Map<Long, Gtid> domains) implements ReplicationPosition {

  public GtidPosition {
    domains = Map.copyOf(domains);
  }

  /** One global transaction id. */
  public record Gtid(long domain, long server, long seq) {
    @Override
    public String toString() {
      return Long.toUnsignedString(domain)
          + "-"
          + Long.toUnsignedString(server)
          + "-"
          + Long.toUnsignedString(seq);
    }
  }

  /**
   * Parses {@code 0-23316-11,1-7-40}; empty or null text is the empty position (nothing
   * replicated). When a domain appears twice (as in {@code @@gtid_binlog_state}) the highest seq
   * wins.
   */
  public static GtidPosition parse(String text) {
    Map<Long, Gtid> domains = new TreeMap<>();
    if (text != null) {
      for (String part : text.split(",")) {
        String gtid = part.trim();
        if (gtid.isEmpty()) {
          continue;
        }
        String[] fields = gtid.split("-");
        if (fields.length != 3) {
          throw new IllegalArgumentException(
              "Not a MariaDB GTID (expected domain-server-seq): " + gtid + " in '" + text + "'");
        }
        try {
          Gtid parsed =
              new Gtid(
                  Long.parseUnsignedLong(fields[0]),
                  Long.parseUnsignedLong(fields[1]),
                  Long.parseUnsignedLong(fields[2]));
          domains.merge(
              parsed.domain(),
              parsed,
              (a, b) -> Long.compareUnsigned(a.seq(), b.seq()) >= 0 ? a : b);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "Not a MariaDB GTID (expected domain-server-seq): " + gtid + " in '" + text + "'", e);
        }
      }
    }
    return new GtidPosition(domains);
  }

  @Override
  public boolean isAtLeast(ReplicationPosition other) {
    for (Gtid required : cast(other).domains.values()) {
      Gtid mine = domains.get(required.domain());
      if (mine == null || Long.compareUnsigned(mine.seq(), required.seq()) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long distanceTo(ReplicationPosition ahead) {
    long behind = 0;
    for (Gtid required : cast(ahead).domains.values()) {
      Gtid mine = domains.get(required.domain());
      long seq = mine == null ? 0 : mine.seq();
      if (Long.compareUnsigned(required.seq(), seq) > 0) {
        behind += required.seq() - seq;
      }
    }
    return behind;
  }

  private static GtidPosition cast(ReplicationPosition other) {
    if (other instanceof GtidPosition gtid) {
      return gtid;
    }
    throw new IllegalArgumentException("Cannot compare a MariaDB GTID position with " + other);
  }

  /** In the server's own syntax, domains in ascending order: usable in MASTER_GTID_WAIT. */
  @Override
  public String toString() {
    return new TreeMap<>(domains)
        .values().stream().map(Gtid::toString).collect(Collectors.joining(","));
  }
}
