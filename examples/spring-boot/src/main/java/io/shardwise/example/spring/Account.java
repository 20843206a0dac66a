package io.shardwise.example.spring;

/**
 * One account row, with the server that read it ({@code example.served-by}: a port or a login), so
 * that a caller can see where shardwise routed the read.
 */
public record Account(long id, String owner, long balance, String servedBy) {}
