package dev.tollgate.adapters;

import java.util.Objects;

/**
 * A client request Tollgate refuses, in the terms of OpenAI's 400 {@code invalid_request_error}.
 *
 * @param message what is wrong, in OpenAI's phrasing where one exists
 * @param param the request parameter at fault (e.g. {@code model}), or null for the body as a whole
 */
public record InvalidRequest(String message, String param) {
  public InvalidRequest {
    Objects.requireNonNull(message, "message");
  }
}
