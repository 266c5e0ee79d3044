/** The translator for upstreams that speak OpenAI's wire format, the base other OpenAI-like providers wrap. */
package dev.tollgate.adapters.openai;
