package io.shardwise.router.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** The process environment and the local file system. */
final class SystemSecretResolver implements SecretResolver {

  static final SystemSecretResolver INSTANCE = new SystemSecretResolver();

  private SystemSecretResolver() {}

  @Override
  public Optional<String> environmentVariable(String name) {
    return Optional.ofNullable(System.getenv(name));
  }

  @Override
  public String readFile(String path) throws IOException {
    String text;
    try {
      text = Files.readString(Path.of(path));
    } catch (InvalidPathException e) {
      throw new IOException("not a valid file path", e);
    }
    return withoutTrailingNewline(text);
  }

  /**
   * {@code echo secret > file} and most editors end a file with a newline that is not part of the
   * secret. Only one is removed: a password may itself end in whitespace.
   */
  private static String withoutTrailingNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }
}
