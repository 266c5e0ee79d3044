/**
 * Anthropic's Messages API behind the OpenAI wire format: chat requests become {@code POST /v1/messages}, Messages
 * and their event streams become {@code chat.completion}s and {@code chat.completion.chunk}s. See
 * {@link dev.tollgate.adapters.anthropic.Anthropic} for the mapping.
 */
package dev.tollgate.adapters.anthropic;
