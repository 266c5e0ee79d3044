package dev.tollgate.routing.catalog;

import dev.tollgate.schemas.route.RouteTable;
import java.time.Instant;

/**
 * The last table published for an alias, and whether a change is waiting for the debounce interval to pass.
 *
 * @param table the table last written to {@code tollgate.routes}
 * @param publishedAt when it was written (wall clock)
 * @param dirty whether the alias changed since, without a new table being written yet
 */
public record PublishedRoute(RouteTable table, Instant publishedAt, boolean dirty) {}
