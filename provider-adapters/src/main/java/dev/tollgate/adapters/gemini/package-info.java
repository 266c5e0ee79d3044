/**
 * Google's Generative Language API (Gemini, {@code v1beta}) behind the OpenAI wire format: chat completions through
 * {@code generateContent} and {@code streamGenerateContent}, embeddings through {@code embedContent} and
 * {@code batchEmbedContents}. See {@link dev.tollgate.adapters.gemini.Gemini} for the mapping.
 */
package dev.tollgate.adapters.gemini;
