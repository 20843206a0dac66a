package io.shardwise.reshard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An order-independent digest of a set of rows: their number, and the wrapping sum and the xor of
 * their row hashes. Two sets with equal digests hold, with overwhelming probability, the same rows;
 * a duplicate row changes the count and the sum.
 */
record RangeChecksum(long rows, long sum, long xor) {

  static final RangeChecksum EMPTY = new RangeChecksum(0, 0, 0);

  RangeChecksum plus(long rowHash) {
    return new RangeChecksum(rows + 1, sum + rowHash, xor ^ rowHash);
  }

  RangeChecksum plus(RangeChecksum other) {
    return new RangeChecksum(rows + other.rows, sum + other.sum, xor ^ other.xor);
  }

  Map<String, Object> toYaml() {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("rows", rows);
    yaml.put("sum", Long.toHexString(sum));
    yaml.put("xor", Long.toHexString(xor));
    return yaml;
  }

  static RangeChecksum fromYaml(Object node) {
    if (node == null) {
      return EMPTY;
    }
    Map<?, ?> yaml = (Map<?, ?>) node;
    return new RangeChecksum(
        ((Number) yaml.get("rows")).longValue(),
        Long.parseUnsignedLong((String) yaml.get("sum"), 16),
        Long.parseUnsignedLong((String) yaml.get("xor"), 16));
  }

  @Override
  public String toString() {
    return rows + " rows, sum " + Long.toHexString(sum) + ", xor " + Long.toHexString(xor);
  }
}
