package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.VirtualKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;

/**
 * The key {@code up} prints: {@code TOLLGATE_DEV_KEY} when set, else one made on the first {@code up} and kept in
 * the data folder (readable by its owner only), so it stays the same across restarts.
 */
final class DevKey {
  static final String ENV = "TOLLGATE_DEV_KEY";
  static final String KEY_ID = "dev";
  static final String TENANT = "dev";

  private DevKey() {}

  static VirtualKey resolve(Args args, Path dataDir) throws IOException {
    if (args.env(ENV).isPresent()) {
      return VirtualKey.parse(args.env(ENV).get().trim())
          .filter(k -> k.id().equals(KEY_ID))
          .orElseThrow(() -> new Args.UsageException(
              ENV + " must be a key with id 'dev', as `./tollgate key create dev` makes"));
    }
    Path file = dataDir.resolve("dev-key");
    if (Files.exists(file)) {
      String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
      return VirtualKey.parse(stored).orElseThrow(() -> new IllegalStateException(
          file + " does not hold a Tollgate key; delete it and run up again"));
    }
    VirtualKey key = VirtualKey.generate(KEY_ID);
    Files.createDirectories(dataDir);
    Files.writeString(file, key.reveal() + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions apply
    }
    return key;
  }

  static KeyConfig config(VirtualKey key) {
    return new KeyConfig(KeyConfig.CURRENT_SCHEMA_VERSION, KEY_ID, TENANT, key.hash(), "dev key of ./tollgate up",
        EnumSet.allOf(Scope.class), List.of("*"), Limits.UNLIMITED, null, false);
  }
}
