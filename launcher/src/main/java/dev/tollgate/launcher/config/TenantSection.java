package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.TenantConfig;
import java.util.Optional;

/** Reads one entry of {@code tenants}, and the {@code limits} block tenants and keys share. */
final class TenantSection {
  private TenantSection() {}

  static Optional<TenantConfig> read(Fields f, Catalog catalog) {
    int before = f.problems().count();
    String id = Formats.id(f, "id");
    if (id != null) {
      catalog.declare(ConfigKind.TENANT, id, f.value("id"), f.pathOf("id"));
    }
    String name = f.text("name");
    Limits limits = limits(f);
    Boolean disabled = f.bool("disabled");
    f.rejectUnknown();
    return f.build(before, () -> new TenantConfig(TenantConfig.CURRENT_SCHEMA_VERSION, id, name, limits,
        Boolean.TRUE.equals(disabled)));
  }

  /** Rate limits; a figure left out is unlimited. */
  static Limits limits(Fields f) {
    return f.mapping("limits").map(l -> {
      int before = l.problems().count();
      Long requests = l.whole("requests_per_minute", 1, Long.MAX_VALUE);
      Long tokens = l.whole("tokens_per_minute", 1, Long.MAX_VALUE);
      Integer concurrent = l.integer("concurrent_requests", 1, Integer.MAX_VALUE);
      l.rejectUnknown();
      return l.build(before, () -> new Limits(requests, tokens, concurrent)).orElse(null);
    }).orElse(Limits.UNLIMITED);
  }
}
