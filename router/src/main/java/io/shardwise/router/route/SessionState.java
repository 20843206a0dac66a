package io.shardwise.router.route;

/** What the router needs to know of the logical connection a statement runs on. */
public interface SessionState {

  /** True while autocommit is off: the statement is part of a transaction. */
  boolean inTransaction();

  /** True after {@code Connection.setReadOnly(true)}. */
  boolean readOnly();

  /** True when the application asked, through the API, for every statement to go to a primary. */
  boolean forcePrimary();

  /** Autocommit on, read-write, no hint: a plain application connection. */
  SessionState AUTOCOMMIT =
      new SessionState() {
        @Override
        public boolean inTransaction() {
          return false;
        }

        @Override
        public boolean readOnly() {
          return false;
        }

        @Override
        public boolean forcePrimary() {
          return false;
        }
      };
}
