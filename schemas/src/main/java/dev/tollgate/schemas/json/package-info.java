/**
 * The JSON wire format of every record on Tollgate's topics: {@link dev.tollgate.schemas.json.Json}, the one
 * mapper configuration, and {@link dev.tollgate.schemas.json.JsonSerde}, the Kafka serde built on it.
 */
package dev.tollgate.schemas.json;
