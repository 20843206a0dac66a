package io.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify on H2: a tampered target row, a missing target row and a write to a frozen source. */
class ReshardVerifyTest {

  @TempDir Path dir;

  @Test
  void verify_catchesAChangedTargetRow_aMissingRow_andAWriteToAFrozenSource() throws Exception {
    H2ReshardFixture f = H2ReshardFixture.create(dir, 3_000);
    assertThat(ReshardH2Test.plan(f).exitCode()).isZero();
    assertThat(copy(f).exitCode()).isZero();
    assertThat(verify(f).exitCode()).isZero();

    long user = f.keysOn("s4", "users").get(0);
    String userSource = f.oldRing.shardFor(user);
    f.execute("s4", "UPDATE users SET name = 'tampered' WHERE user_id = " + user);
    CliRun changed = verify(f);
    assertThat(changed.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(changed.out())
        .contains("users:" + userSource + "->s4", "TARGET DIFFERS")
        .contains("key int:" + user + ": row differs between " + userSource + " and s4")
        .contains("verify FAILED");
    CliRun refused = CliRun.of("reshard", "cleanup", "--plan", f.plan.toString());
    assertThat(refused.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(refused.err()).contains("Refusing to delete");
    copyRow(f, "users", "user_id", user, userSource, "s4");
    assertThat(verify(f).exitCode()).isZero();

    long order = orderOnS4(f);
    String orderSource = f.oldRing.shardFor(userOfOrder(f, order));
    f.execute("s4", "DELETE FROM orders WHERE order_id = " + order);
    CliRun missing = verify(f);
    assertThat(missing.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(missing.out()).contains("key int:" + order + ": missing on s4");
    copyRow(f, "orders", "order_id", order, orderSource, "s4");
    assertThat(verify(f).exitCode()).isZero();

    f.execute(userSource, "UPDATE users SET balance = 0.01 WHERE user_id = " + user);
    CliRun written = verify(f);
    assertThat(written.exitCode()).isEqualTo(ShardwiseCli.INVALID);
    assertThat(written.out())
        .contains("SOURCE CHANGED SINCE COPY")
        .contains("key int:" + user + ": row differs");
  }

  private static CliRun copy(H2ReshardFixture f) {
    return CliRun.of(
        "reshard", "copy", "--plan", f.plan.toString(), "--writes-frozen", "--no-progress");
  }

  private static CliRun verify(H2ReshardFixture f) {
    return CliRun.of("reshard", "verify", "--plan", f.plan.toString());
  }

  private static long orderOnS4(H2ReshardFixture f) throws Exception {
    try (Connection c = f.connect("s4");
        PreparedStatement s = c.prepareStatement("SELECT MIN(order_id) FROM orders");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long userOfOrder(H2ReshardFixture f, long order) throws Exception {
    try (Connection c = f.connect("s4");
        PreparedStatement s = c.prepareStatement("SELECT user_id FROM orders WHERE order_id = ?")) {
      s.setLong(1, order);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Puts the source's version of one row back on the target. */
  private static void copyRow(
      H2ReshardFixture f, String table, String key, long value, String from, String to)
      throws Exception {
    try (Connection source = f.connect(from);
        Connection target = f.connect(to);
        PreparedStatement read =
            source.prepareStatement("SELECT * FROM " + table + " WHERE " + key + " = ?")) {
      read.setLong(1, value);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        try (PreparedStatement write =
            target.prepareStatement(
                "MERGE INTO "
                    + table
                    + " KEY ("
                    + key
                    + ") VALUES ("
                    + "?, ".repeat(n - 1)
                    + "?)")) {
          for (int i = 1; i <= n; i++) {
            write.setObject(i, rs.getObject(i));
          }
          write.executeUpdate();
        }
      }
    }
  }
}
