package io.shardwise.examples.hibernate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates the example's tables through shardwise ({@code shop-schema.sql}). In a real application a
 * migration tool does this (see the Flyway example); the example keeps to JDBC.
 */
public final class ShopSchema {

  private ShopSchema() {}

  /** The shard-map section that goes with these tables. */
  public static final String TABLES =
      """
      tables:
        customers: { shardKey: customer_id, group: accounts }
        orders:    { shardKey: customer_id, group: accounts }
        countries: { broadcast: true }
      """;

  public static void create(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements()) {
        s.execute(sql);
      }
    }
  }

  static List<String> statements() {
    String text;
    try (InputStream in = ShopSchema.class.getResourceAsStream("/shop-schema.sql")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.endsWith(";")) {
        statements.add(current.substring(0, current.lastIndexOf(";")).trim());
        current.setLength(0);
      }
    }
    return statements;
  }
}
