package dev.tollgate.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.bedrock.eventstream.EventStreamFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS event-stream body written as JSON ({@code upstream.frames.json}) and encoded at test time, since the
 * binary framing (lengths, CRC32s) cannot be written by hand. Each element is one message:
 * {@code {"event": "<:event-type>", "payload": {…}}}, {@code {"exception": "<:exception-type>", "payload": {…}}},
 * or {@code {"headers": {name: string value}, "payload": {…}}}; {@code "corrupt_crc": true} flips a bit of its
 * message checksum, and {@code "truncate": n} keeps only its first n bytes (a body cut mid-message).
 */
final class EventStreamTranscript {
  static final String FILE = "upstream.frames.json";

  private EventStreamTranscript() {}

  static byte[] encode(JsonNode frames) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (JsonNode frame : frames) {
      byte[] payload = payload(frame.path("payload"));
      byte[] message;
      if (frame.has("event")) {
        message = EventStreamFrames.event(frame.path("event").asText(), new String(payload,
            java.nio.charset.StandardCharsets.UTF_8));
      } else if (frame.has("exception")) {
        message = EventStreamFrames.exception(frame.path("exception").asText(), new String(payload,
            java.nio.charset.StandardCharsets.UTF_8));
      } else {
        Map<String, String> headers = new LinkedHashMap<>();
        frame.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        message = EventStreamFrames.message(headers, payload);
      }
      if (frame.path("corrupt_crc").asBoolean(false)) {
        message[message.length - 1] ^= 1;
      }
      if (frame.has("truncate")) {
        message = Arrays.copyOf(message, frame.path("truncate").asInt());
      }
      body.writeBytes(message);
    }
    return body.toByteArray();
  }

  private static byte[] payload(JsonNode payload) {
    try {
      return payload.isMissingNode() ? new byte[0] : Transcript.MAPPER.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
