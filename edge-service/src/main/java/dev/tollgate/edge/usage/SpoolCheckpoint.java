package dev.tollgate.edge.usage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay checkpoint, {@code replay.checkpoint}: the position of the first frame Kafka has not acknowledged.
 * Everything before it was delivered and is never sent again, even after a crash.
 *
 * <p>It is replaced atomically (write a temporary file, then rename). If it is missing or unreadable, the spool
 * starts from its oldest segment: that can send events twice, never lose one.
 */
final class SpoolCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolCheckpoint.class);
  private static final String FILE = "replay.checkpoint";

  private final Path file;
  private final Path temporary;

  SpoolCheckpoint(Path dir) {
    this.file = dir.resolve(FILE);
    this.temporary = dir.resolve(FILE + ".tmp");
  }

  Optional<SpoolPosition> read() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] parts = text.split(" ");
    try {
      if (parts.length == 2) {
        return Optional.of(new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
      }
    } catch (NumberFormatException e) {
      // fall through: treated like a missing checkpoint
    }
    LOG.warn("usage spool: ignoring the unreadable replay checkpoint {}; replaying from the oldest segment", file);
    return Optional.empty();
  }

  void write(SpoolPosition position, boolean force) throws IOException {
    byte[] text = (position.segment() + " " + position.offset() + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel =
        FileChannel.open(
            temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(text);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (force) {
        channel.force(false);
      }
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
