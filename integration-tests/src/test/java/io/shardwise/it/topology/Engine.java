package io.shardwise.it.topology;

import java.util.Locale;

/** The database engines of the real topology, and how each tells which node answered. */
public enum Engine {
  PG("SELECT inet_server_port()"),
  MARIADB("SELECT @@port");

  private final String portQuery;

  Engine(String portQuery) {
    this.portQuery = portQuery;
  }

  /** A query whose single value is the port of the server that ran it. */
  public String portQuery() {
    return portQuery;
  }

  String envPrefix() {
    return "SHARDWISE_" + name() + "_";
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
