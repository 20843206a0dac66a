package io.shardwise.it.topology;

import java.util.List;

/** The differential corpus on MariaDB 10.11: each shard a database on a topology primary. */
class MariaDbDifferentialTest extends RealDifferentialTest {

  MariaDbDifferentialTest() {
    super(Engine.MARIADB);
  }

  @Override
  String at(String base, String name) {
    return base.substring(0, base.lastIndexOf('/') + 1) + name;
  }

  @Override
  protected String quotedKey() {
    return "`user_id`";
  }

  @Override
  protected boolean supportsNullsFirstLast() {
    return false;
  }

  @Override
  List<String> recreate(String name) {
    return List.of("DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name);
  }
}
