package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.VirtualKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one entry of {@code keys}: a virtual key, known here only by the hash of its secret. */
final class KeySection {
  /** A key that names no scopes may call every endpoint. */
  static final Set<Scope> DEFAULT_SCOPES = EnumSet.allOf(Scope.class);
  static final String ALL_MODELS = "*";

  private static final String HASH_EXPECTED = "sha256:<64 hex digits>, as printed by ./tollgate hash-key";

  private KeySection() {}

  static Optional<KeyConfig> read(Fields f, Catalog catalog) {
    int before = f.problems().count();
    String id = keyId(f);
    if (id != null) {
      catalog.declare(ConfigKind.KEY, id, f.value("id"), f.pathOf("id"));
    }
    String tenant = f.requiredText("tenant", "the id of a tenant declared under tenants");
    if (tenant != null) {
      catalog.refer(ConfigKind.TENANT, tenant, f.value("tenant"), f.pathOf("tenant"));
      if (id != null) {
        catalog.declareKeyOwner(id, tenant);
      }
    }
    String hash = secretHash(f);
    String name = f.text("name");
    Set<Scope> scopes = scopes(f);
    List<String> models = models(f, catalog);
    Limits limits = TenantSection.limits(f);
    Instant expiresAt = Formats.instant(f, "expires_at");
    Boolean disabled = f.bool("disabled");
    f.rejectUnknown();
    return f.build(before, () -> new KeyConfig(KeyConfig.CURRENT_SCHEMA_VERSION, id, tenant, hash, name, scopes,
        models, limits, expiresAt, Boolean.TRUE.equals(disabled)));
  }

  /** Key ids travel inside the key itself ({@code tg-<id>.<secret>}), so they follow the virtual key's rules. */
  private static String keyId(Fields f) {
    String expected = "lower-case letters, digits, '_' or '-', starting with a letter or digit, at most 63";
    String id = f.requiredText("id", expected);
    if (id != null && !VirtualKey.ID.matcher(id).matches()) {
      f.problems().add(f.value("id"), f.pathOf("id"), "'" + id + "' is not a valid key id", expected);
      return null;
    }
    return id;
  }

  /** Only a hash may be in the file; the message never repeats the value, which may be a live key. */
  private static String secretHash(Fields f) {
    String hash = f.requiredText("secret_hash", HASH_EXPECTED);
    if (hash == null || KeyConfig.SECRET_HASH.matcher(hash).matches()) {
      return hash;
    }
    String message;
    if (hash.startsWith("sha256:")) {
      message = "not a valid hash: 'sha256:' must be followed by 64 lower-case hex digits";
    } else if (hash.startsWith(VirtualKey.PREFIX) || Formats.looksLikeSecret(hash)) {
      message = "this looks like a raw key, not its hash; keys must never be in the file: run ./tollgate hash-key "
          + "and paste its output";
    } else {
      message = "not a key hash; run ./tollgate hash-key and paste its output";
    }
    f.problems().add(f.value("secret_hash"), f.pathOf("secret_hash"), message, HASH_EXPECTED);
    return null;
  }

  private static Set<Scope> scopes(Fields f) {
    if (!f.has("scopes")) {
      return DEFAULT_SCOPES;
    }
    int before = f.problems().count();
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (Fields.Item item : f.scalars("scopes", "a scope")) {
      Scope scope = Scalars.choice(item.node(), item.path(), "scope", Scope.class, f.problems());
      if (scope != null) {
        out.add(scope);
      }
    }
    if (out.isEmpty() && f.problems().count() == before) {
      f.problems().add(f.value("scopes"), f.pathOf("scopes"), "an empty scope list lets the key call nothing",
          "one or more of: " + String.join(", ", Scalars.wireNames(Scope.class)) + " (or leave scopes out for all)");
    }
    return out;
  }

  private static List<String> models(Fields f, Catalog catalog) {
    List<String> out = new ArrayList<>();
    for (Fields.Item item : f.scalars("models", "a model alias or *")) {
      String alias = item.text();
      if (!alias.equals(ALL_MODELS)) {
        catalog.refer(ConfigKind.MODEL, alias, item.node(), item.path());
      }
      out.add(alias);
    }
    return out;
  }
}
