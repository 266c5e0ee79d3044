/**
 * Where to send a request: the {@link dev.tollgate.schemas.route.RouteTable} of each public model alias, with its
 * candidate deployments and their health, published by the routing service on the compacted topic
 * {@code tollgate.routes} and held in memory by every edge.
 */
package dev.tollgate.schemas.route;
