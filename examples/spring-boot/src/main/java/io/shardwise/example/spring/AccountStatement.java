package io.shardwise.example.spring;

import java.util.List;

/** An account and its entries, read in one transaction; {@code servedBy} of each query. */
public record AccountStatement(Account account, List<Long> entries, List<String> servedBy) {}
