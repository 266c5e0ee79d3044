/**
 * Where to send a request: the {@link dev.tollgate.schemas.route.RouteTable} of each public model alias, with its
 * candidate deployments and their health, published by the routing service on the compacted topic
 * {@code tollgate.routes} and held in memory by every edge.
 *
 * <p>Every record checks itself in its constructor and throws an {@link java.lang.IllegalArgumentException} whose
 * message starts with the wire name of the bad field ({@code request_id is required}); lists are copied, and a
 * missing list becomes an empty one.
 */
package dev.tollgate.schemas.route;
