package io.shardwise.router.route;

/** A {@link SessionState} with fixed answers, for router tests. */
record TestSession(
    boolean inTransaction,
    boolean readOnly,
    boolean forcePrimary,
    boolean pinned,
    String previousShard,
    String shardHint)
    implements SessionState {

  static TestSession of(boolean inTransaction, boolean readOnly, boolean forcePrimary) {
    return new TestSession(inTransaction, readOnly, forcePrimary, false, null, null);
  }

  static TestSession pinnedToPrimaries() {
    return new TestSession(false, false, false, true, null, null);
  }

  static TestSession inTransactionAfter(String previousShard) {
    return new TestSession(true, false, false, false, previousShard, null);
  }

  static TestSession hintedTo(String shard) {
    return new TestSession(false, false, false, false, null, shard);
  }
}
