package io.shardwise.reshard;

import java.util.List;
import java.util.Map;

/**
 * What the reader of a copy task hands its writer: one batch of source rows, already filtered to
 * those that move and grouped by target, with their checksums; or the end of the table; or the
 * reader's failure.
 *
 * @param lastKey the primary key of the batch's last source row (moving or not)
 * @param scanned source rows the batch covers
 * @param rowsByTarget the moving rows, per target shard, in key order
 * @param copyLinesByTarget the same rows as PostgreSQL COPY text lines, when read through COPY;
 *     else empty
 * @param sums per target shard, the count and checksum of its rows
 * @param failure what stopped the reader, or null
 */
record CopyBatch(
    Object[] lastKey,
    long scanned,
    Map<String, List<Object[]>> rowsByTarget,
    Map<String, List<byte[]>> copyLinesByTarget,
    Map<String, RangeChecksum> sums,
    Throwable failure) {

  static final CopyBatch END = new CopyBatch(null, 0, Map.of(), Map.of(), Map.of(), null);

  static CopyBatch failed(Throwable failure) {
    return new CopyBatch(null, 0, Map.of(), Map.of(), Map.of(), failure);
  }

  boolean end() {
    return lastKey == null;
  }

  long movingRows() {
    return rowsByTarget.values().stream().mapToLong(List::size).sum();
  }
}
