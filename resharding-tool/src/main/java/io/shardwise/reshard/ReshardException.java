package io.shardwise.reshard;

/** A resharding step refused or stopped, with a message that says what to do about it. */
public final class ReshardException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ReshardException(String message) {
    super(message);
  }

  public ReshardException(String message, Throwable cause) {
    super(message, cause);
  }
}
