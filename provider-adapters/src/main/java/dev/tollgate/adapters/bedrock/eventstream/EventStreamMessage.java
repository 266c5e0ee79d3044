package dev.tollgate.adapters.bedrock.eventstream;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One message of the AWS event stream: its headers (string values only; other header types are skipped) and its
 * payload.
 *
 * @param headers header names to string values, e.g. {@code :event-type}, {@code :message-type}
 * @param payload the payload bytes, JSON for Bedrock
 */
public record EventStreamMessage(Map<String, String> headers, byte[] payload) {
  public EventStreamMessage {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * A header's value.
   *
   * @param name the header name
   * @return its value, or null when absent
   */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventStreamMessage that && headers.equals(that.headers)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "EventStreamMessage[headers=" + headers + ", payload=" + payload.length + " bytes]";
  }
}
