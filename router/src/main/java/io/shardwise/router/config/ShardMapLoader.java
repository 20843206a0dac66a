package io.shardwise.router.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a shard-map YAML file into a validated {@link ShardMap}. A file with mistakes is rejected
 * as a whole with a {@link ShardMapException} listing every mistake with its field path, such as
 * {@code shards[2].replicas[0].url}.
 *
 * <p>The static methods resolve {@code ${env:NAME}} and {@code ${file:/path}} through the real
 * environment and file system; an instance resolves them through the {@link SecretResolver} it was
 * given.
 */
public final class ShardMapLoader {

  private final SecretResolver secrets;

  public ShardMapLoader(SecretResolver secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  public static ShardMap load(Path file) throws ShardMapException {
    return new ShardMapLoader(SecretResolver.system()).readFile(file);
  }

  /** Reads a shard map from the classpath, e.g. {@code maps/app.yaml}. */
  public static ShardMap loadResource(String resource) throws ShardMapException {
    return new ShardMapLoader(SecretResolver.system()).readResource(resource);
  }

  /**
   * @param sourceName what error messages call the text, such as a file name
   */
  public static ShardMap parse(String yaml, String sourceName) throws ShardMapException {
    return new ShardMapLoader(SecretResolver.system()).readYaml(yaml, sourceName);
  }

  public ShardMap readFile(Path file) throws ShardMapException {
    // A path is shown masked like a URL: jdbc:shardwise:/maps/app.yaml;password=... names a file.
    String source = SecretMask.url(file.toString());
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = readAtMostLimit(in, source);
    } catch (NoSuchFileException e) {
      throw new ShardMapException(
          source,
          "the file does not exist (looked for "
              + SecretMask.url(file.toAbsolutePath().toString())
              + ")",
          e);
    } catch (IOException e) {
      throw new ShardMapException(source, "cannot read the file: " + IoErrors.reason(e), e);
    }
    return readYaml(decode(bytes, source), source);
  }

  /**
   * Looks in the thread's context class loader first, as application servers and test runners put
   * the application's resources there, then in the one that loaded shardwise.
   */
  public ShardMap readResource(String resource) throws ShardMapException {
    String source = "classpath:" + resource;
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    URL url =
        Optional.ofNullable(Thread.currentThread().getContextClassLoader())
            .map(loader -> loader.getResource(name))
            .orElseGet(() -> ShardMapLoader.class.getClassLoader().getResource(name));
    if (url == null) {
      throw new ShardMapException(source, "no such resource on the classpath", null);
    }
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = readAtMostLimit(in, source);
    } catch (IOException e) {
      throw new ShardMapException(source, "cannot read the resource: " + IoErrors.reason(e), e);
    }
    return readYaml(decode(bytes, source), source);
  }

  /**
   * @param sourceName what error messages call the text, such as a file name
   */
  public ShardMap readYaml(String yaml, String sourceName) throws ShardMapException {
    Object tree = YamlTree.parse(yaml, sourceName);
    TreeReader reader = new TreeReader(new Placeholders(secrets));
    Optional<ShardMap> map = reader.root(tree).map(ShardMapSchema::read);
    if (!reader.errors().isEmpty()) {
      throw new ShardMapException(sourceName, reader.errors());
    }
    return map.orElseThrow();
  }

  /**
   * The stream's bytes, or a {@link ShardMapException} naming the size limit as soon as one byte
   * more than it is read: a huge or endless file is never read whole.
   */
  private static byte[] readAtMostLimit(InputStream in, String source)
      throws IOException, ShardMapException {
    byte[] bytes = in.readNBytes(YamlLimits.MAX_SIZE + 1);
    if (bytes.length > YamlLimits.MAX_SIZE) {
      throw new ShardMapException(source, List.of(new ConfigError("", YamlLimits.tooLarge())));
    }
    return bytes;
  }

  /** Strict UTF-8: a lenient decoder would turn a mis-encoded password into a wrong one. */
  private static String decode(byte[] bytes, String source) throws ShardMapException {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ShardMapException(source, "the file is not UTF-8 text", e);
    }
  }
}
