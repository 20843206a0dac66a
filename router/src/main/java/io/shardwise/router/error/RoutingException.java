package io.shardwise.router.error;

import java.sql.SQLException;

/** A statement that shardwise refuses to route, with the reason and a documented SQLState. */
public class RoutingException extends SQLException {

  private final ErrorCode code;

  public RoutingException(ErrorCode code, String message) {
    super(message, code.sqlState());
    this.code = code;
  }

  public RoutingException(ErrorCode code, String message, Throwable cause) {
    super(message, code.sqlState(), cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
