package dev.tollgate.routing.catalog;

import dev.tollgate.schemas.config.ConfigEntity;

/**
 * A config record read since the last revision marker: a store cannot hold a null, so a tombstone is a
 * {@code PendingConfig} with no entity.
 *
 * @param entity the model or provider written, or null for a tombstone
 */
public record PendingConfig(ConfigEntity entity) {}
