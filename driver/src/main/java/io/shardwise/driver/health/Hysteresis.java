package io.shardwise.driver.health;

import io.shardwise.driver.node.NodeHealth.State;

/**
 * The admission state machine of one node: ejected after {@code ejectAfter} consecutive failures,
 * readmitted after {@code readmitAfter} consecutive successes, so that a node that answers one
 * probe in two neither stays in nor flaps. The first probe decides a node's initial state alone:
 * there is no history to protect yet. Used by one monitor thread at a time.
 */
final class Hysteresis {

  /** What a probe result changed. */
  enum Change {
    NONE,
    ADMITTED,
    EJECTED,
    READMITTED
  }

  private final int ejectAfter;
  private final int readmitAfter;
  private State state;
  private int failures;
  private int successes;

  Hysteresis(int ejectAfter, int readmitAfter) {
    this(ejectAfter, readmitAfter, State.UNKNOWN);
  }

  /**
   * Starts from {@code state}: a node that a shard-map reload keeps goes on from what the previous
   * monitor decided, so a down node still needs {@code readmitAfter} successes.
   */
  Hysteresis(int ejectAfter, int readmitAfter, State state) {
    this.ejectAfter = ejectAfter;
    this.readmitAfter = readmitAfter;
    this.state = state;
  }

  Change success() {
    failures = 0;
    successes++;
    switch (state) {
      case UNKNOWN -> {
        state = State.UP;
        return Change.ADMITTED;
      }
      case DOWN -> {
        if (successes >= readmitAfter) {
          state = State.UP;
          return Change.READMITTED;
        }
        return Change.NONE;
      }
      default -> {
        return Change.NONE;
      }
    }
  }

  Change failure() {
    successes = 0;
    failures++;
    if (state == State.UNKNOWN || (state == State.UP && failures >= ejectAfter)) {
      state = State.DOWN;
      return Change.EJECTED;
    }
    return Change.NONE;
  }

  State state() {
    return state;
  }

  /** Consecutive failures so far (0 after a success). */
  int failures() {
    return failures;
  }

  /** Consecutive successes so far (0 after a failure). */
  int successes() {
    return successes;
  }

  int readmitAfter() {
    return readmitAfter;
  }
}
