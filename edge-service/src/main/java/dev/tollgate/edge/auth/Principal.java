package dev.tollgate.edge.auth;

import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.TenantConfig;

/** Who is calling: an authenticated virtual key and its tenant. */
public record Principal(KeyConfig key, TenantConfig tenant) {}
