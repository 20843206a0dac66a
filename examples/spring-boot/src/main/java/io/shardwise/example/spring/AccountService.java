package io.shardwise.example.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts and their entries, sharded by {@code account_id} (one table group). Plain {@code
 * JdbcTemplate} and {@code @Transactional}: nothing here knows about shards or replicas. Each read
 * also selects {@code example.served-by} (the server's port on PostgreSQL and MariaDB, the login on
 * H2) so that callers can see which node answered.
 */
@Service
public class AccountService {

  private final JdbcTemplate jdbc;
  private final String servedBy;
  private final RowMapper<Account> accounts;

  public AccountService(
      JdbcTemplate jdbc, @Value("${example.served-by:'unknown'}") String servedByExpression) {
    this.jdbc = jdbc;
    this.servedBy = servedByExpression;
    this.accounts =
        (rs, row) ->
            new Account(
                rs.getLong("account_id"),
                rs.getString("owner"),
                rs.getLong("balance"),
                rs.getString("served_by"));
  }

  @Transactional
  public void open(long accountId, String owner) {
    jdbc.update(
        "INSERT INTO accounts (account_id, owner, balance) VALUES (?, ?, 0)", accountId, owner);
  }

  /**
   * Records an entry and updates the balance in one read-write transaction, then reads the account
   * back inside it: every statement runs on the primary of the account's shard.
   */
  @Transactional
  public Account deposit(long accountId, long entryId, long amount) {
    jdbc.update(
        "INSERT INTO entries (account_id, entry_id, amount) VALUES (?, ?, ?)",
        accountId,
        entryId,
        amount);
    jdbc.update(
        "UPDATE accounts SET balance = balance + ? WHERE account_id = ?", amount, accountId);
    return find(accountId);
  }

  @Transactional(readOnly = true)
  public Account find(long accountId) {
    return jdbc.queryForObject(
        "SELECT account_id, owner, balance, "
            + servedBy
            + " AS served_by FROM accounts WHERE account_id = ?",
        accounts,
        accountId);
  }

  /** The account and its entries in one read-only transaction: one replica serves both reads. */
  @Transactional(readOnly = true)
  public AccountStatement statement(long accountId) {
    Account account = find(accountId);
    List<Long> entries = new ArrayList<>();
    List<String> servers = new ArrayList<>(List.of(account.servedBy()));
    jdbc.query(
        "SELECT entry_id, "
            + servedBy
            + " AS served_by FROM entries WHERE account_id = ? ORDER BY entry_id",
        rs -> {
          entries.add(rs.getLong("entry_id"));
          servers.add(rs.getString("served_by"));
        },
        accountId);
    return new AccountStatement(account, entries, servers);
  }

  /** A read across every shard, summed by shardwise. */
  @Transactional(readOnly = true)
  public long totalBalance() {
    Long total = jdbc.queryForObject("SELECT SUM(balance) FROM accounts", Long.class);
    return total == null ? 0 : total;
  }

  /** A write inside a read-only transaction: shardwise refuses it (SQLState 25006). */
  @Transactional(readOnly = true)
  public void renameInReadOnlyTransaction(long accountId, String owner) {
    jdbc.update("UPDATE accounts SET owner = ? WHERE account_id = ?", owner, accountId);
  }
}
