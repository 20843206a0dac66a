package io.shardwise.driver.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** One call on a physical connection's metadata. */
@FunctionalInterface
interface MetaDataCall<T> {
  T apply(DatabaseMetaData metaData) throws SQLException;
}
