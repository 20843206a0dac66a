package io.shardwise.it.topology;

import java.util.List;

/** The differential corpus on PostgreSQL 15: each shard a schema on a topology primary. */
class PgDifferentialTest extends RealDifferentialTest {

  PgDifferentialTest() {
    super(Engine.PG);
  }

  @Override
  String at(String base, String name) {
    return base + "?currentSchema=" + name;
  }

  @Override
  protected String quotedKey() {
    return "\"user_id\"";
  }

  @Override
  List<String> recreate(String name) {
    return List.of("DROP SCHEMA IF EXISTS " + name + " CASCADE", "CREATE SCHEMA " + name);
  }
}
