/**
 * Azure OpenAI's deployment-based REST API, served by wrapping the OpenAI-compatible translator: only the URL, the
 * {@code api-key} header, the request body's {@code model} and Azure's error codes differ.
 */
package dev.tollgate.adapters.azure;
