package io.shardwise.reshard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** The plan, checkpoint and marker files: YAML, written atomically. */
final class YamlFiles {

  private YamlFiles() {}

  /**
   * Writes {@code content} so that a reader (or a crash) sees either the old file or the new one,
   * never a torn one: a temp file beside it, forced to disk, then renamed over it.
   */
  static void writeAtomically(Path file, Map<String, Object> content) {
    String yaml =
        new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
            .dumpToString(content);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + temp, e);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new ReshardException(
          "The file system of " + file + " cannot rename atomically; keep the plan elsewhere.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rename " + temp + " to " + file, e);
    }
  }

  /** The YAML mapping in {@code file}, or null if there is no such file. */
  static Map<?, ?> readIfExists(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
