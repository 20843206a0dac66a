package io.shardwise.router.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Environment variables and secret files held in memory, so tests never depend on the host. */
final class FakeSecrets implements SecretResolver {

  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> files = new HashMap<>();

  FakeSecrets env(String name, String value) {
    env.put(name, value);
    return this;
  }

  FakeSecrets file(String path, String contents) {
    files.put(path, contents);
    return this;
  }

  @Override
  public Optional<String> environmentVariable(String name) {
    return Optional.ofNullable(env.get(name));
  }

  @Override
  public String readFile(String path) throws IOException {
    String contents = files.get(path);
    if (contents == null) {
      throw new NoSuchFileException(path);
    }
    return contents;
  }
}
