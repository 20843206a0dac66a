package io.shardwise.bench.load;

import javax.sql.DataSource;

/**
 * A configuration under test.
 *
 * @param name how the report names it
 * @param dataSource where each operation borrows its connection
 */
record Target(String name, DataSource dataSource) {}
