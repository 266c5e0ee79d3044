package dev.tollgate.edge.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id: the client's {@code x-request-id} when it is well-formed, else a new one. */
final class RequestIds {
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  static String accept(String fromClient) {
    if (fromClient != null && WELL_FORMED.matcher(fromClient).matches()) {
      return fromClient;
    }
    return "req_" + UUID.randomUUID().toString().replace("-", "");
  }
}
