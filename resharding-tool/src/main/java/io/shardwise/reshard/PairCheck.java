package io.shardwise.reshard;

import java.util.List;

/**
 * What verify found for one moved range (table, source, target).
 *
 * @param pair the range, with the plan's predicted count
 * @param recorded the source checksum recorded by copy as it read the rows
 * @param sourceNow the source checksum now
 * @param target the checksum of the range's rows on the target
 * @param firstMismatches the first keys that differ, each with what differs; empty when it passes
 */
record PairCheck(
    MovePair pair,
    RangeChecksum recorded,
    RangeChecksum sourceNow,
    RangeChecksum target,
    List<String> firstMismatches) {

  PairCheck {
    firstMismatches = List.copyOf(firstMismatches);
  }

  boolean sourceUnchanged() {
    return recorded.equals(sourceNow);
  }

  boolean targetMatches() {
    return sourceNow.equals(target);
  }

  boolean passed() {
    return sourceUnchanged() && targetMatches();
  }
}
