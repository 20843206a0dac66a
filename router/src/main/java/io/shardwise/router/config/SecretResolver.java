package io.shardwise.router.config;

import java.io.IOException;
import java.util.Optional;

/**
 * Supplies the values behind {@code ${env:NAME}} and {@code ${file:/path}} in a shard map, so that
 * passwords never have to be written into the file. {@link #system()} reads the real process
 * environment and file system; tests pass their own.
 */
public interface SecretResolver {

  /** The variable's value, or empty when it is not set. */
  Optional<String> environmentVariable(String name);

  /**
   * The secret stored in a file: its text, without the one trailing newline that editors and {@code
   * echo} add.
   *
   * @throws IOException when the file does not exist or cannot be read as UTF-8 text
   */
  String readFile(String path) throws IOException;

  /** Reads {@link System#getenv(String)} and the local file system. */
  static SecretResolver system() {
    return SystemSecretResolver.INSTANCE;
  }
}
