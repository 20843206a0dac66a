package io.shardwise.reshard;

import io.shardwise.router.config.NodeSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * How the tool copies rows on each {@link io.shardwise.router.config.Engine} it supports:
 * identifier quoting, how a big result is streamed, durable commits and the idempotent multi-row
 * insert.
 */
enum CopyDialect {
  H2('"'),
  POSTGRESQL('"'),
  MARIADB('`');

  /** Streamed scans fetch this many rows per round trip. */
  static final int FETCH_SIZE = 5_000;

  private final char quote;

  CopyDialect(char quote) {
    this.quote = quote;
  }

  /** The dialect of {@code node}'s engine; an engine the tool cannot copy between is refused. */
  static CopyDialect of(NodeSpec node) {
    return switch (node.engine()) {
      case H2 -> H2;
      case POSTGRESQL -> POSTGRESQL;
      case MARIADB -> MARIADB;
      case OTHER ->
          throw new IllegalArgumentException(
              "Cannot reshard "
                  + node.url()
                  + ": only H2, PostgreSQL and MariaDB/MySQL JDBC URLs are supported.");
    };
  }

  String quote(String identifier) {
    return quote + identifier.replace(String.valueOf(quote), "" + quote + quote) + quote;
  }

  String quoteAll(List<String> identifiers) {
    StringBuilder sql = new StringBuilder();
    for (String identifier : identifiers) {
      if (sql.length() > 0) {
        sql.append(", ");
      }
      sql.append(quote(identifier));
    }
    return sql.toString();
  }

  /**
   * A statement that streams its result instead of loading it whole. PostgreSQL only uses a cursor
   * for a fetch size outside autocommit; MariaDB Connector/J 3 streams with any fetch size.
   */
  Statement streamingStatement(Connection connection) throws SQLException {
    if (this == POSTGRESQL && connection.getAutoCommit()) {
      connection.setAutoCommit(false);
    }
    Statement statement = connection.createStatement();
    statement.setFetchSize(FETCH_SIZE);
    return statement;
  }

  /**
   * Commits so that the commit survives a killed process: the checkpoint written next claims it.
   * PostgreSQL and MariaDB fsync their log on commit; H2's MVStore only writes committed changes to
   * the file in the background (about once a second), so a SIGKILL could lose a batch the
   * checkpoint already names. On H2, {@code CHECKPOINT} forces the write.
   */
  void commitDurably(Connection connection) throws SQLException {
    connection.commit();
    if (this == H2) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
      }
    }
  }

  /**
   * An insert of {@code rows} rows that skips a row whose primary key already exists, so rerunning
   * a batch after a crash writes nothing twice. MariaDB's no-op {@code ON DUPLICATE KEY UPDATE} is
   * used rather than {@code INSERT IGNORE}, which would also silence truncation errors.
   */
  String idempotentInsert(String table, List<String> columns, List<String> primaryKey, int rows) {
    String values = "(" + "?, ".repeat(columns.size() - 1) + "?)";
    StringBuilder sql = new StringBuilder(64 + rows * values.length());
    String target = quote(table) + " (" + quoteAll(columns) + ")";
    switch (this) {
      case H2 ->
          sql.append("MERGE INTO ")
              .append(target)
              .append(" KEY (")
              .append(quoteAll(primaryKey))
              .append(") VALUES ");
      case POSTGRESQL, MARIADB -> sql.append("INSERT INTO ").append(target).append(" VALUES ");
    }
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(values);
    }
    switch (this) {
      case POSTGRESQL -> sql.append(" ON CONFLICT DO NOTHING");
      case MARIADB -> {
        String first = quote(primaryKey.get(0));
        sql.append(" ON DUPLICATE KEY UPDATE ").append(first).append(" = ").append(first);
      }
      case H2 -> {}
    }
    return sql.toString();
  }
}
