package io.shardwise.driver.merge;

import io.shardwise.router.config.Engine;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Where an engine puts NULLs when ORDER BY does not say. H2 and MySQL sort NULL as the lowest value
 * (first ascending, last descending); PostgreSQL as the highest. The merge must order exactly as
 * the shards did, so it asks the shards' own metadata.
 */
public enum NullSorting {
  LOW,
  HIGH,
  AT_START,
  AT_END;

  public static NullSorting of(DatabaseMetaData metaData) throws SQLException {
    if (Engine.of(metaData.getURL()) == Engine.MARIADB) {
      // MariaDB Connector/J 3.5 answers both nullsAreSortedLow() and nullsAreSortedAtEnd();
      // the server sorts NULL as the lowest value.
      return LOW;
    }
    if (metaData.nullsAreSortedHigh()) {
      return HIGH;
    }
    if (metaData.nullsAreSortedLow()) {
      return LOW;
    }
    return metaData.nullsAreSortedAtStart() ? AT_START : AT_END;
  }

  boolean nullsFirst(boolean descending) {
    return switch (this) {
      case LOW -> !descending;
      case HIGH -> descending;
      case AT_START -> true;
      case AT_END -> false;
    };
  }
}
