/** An incremental {@code text/event-stream} parser for translators of streamed answers. */
package dev.tollgate.adapters.sse;
