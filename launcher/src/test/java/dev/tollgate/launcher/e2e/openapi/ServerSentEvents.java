package dev.tollgate.launcher.e2e.openapi;

import java.util.ArrayList;
import java.util.List;

/** Reads a {@code text/event-stream} body the way a browser's EventSource (and OpenAI's SDKs) do. */
public final class ServerSentEvents {
  private ServerSentEvents() {}

  /**
   * The {@code data} of each event of {@code body}, in order: its {@code data:} lines joined by {@code \n}.
   * Comments ({@code :keep-alive}) and events without data are skipped, and so is an event the body does not end
   * with a blank line, as the SSE specification has it.
   */
  public static List<String> data(String body) {
    List<String> events = new ArrayList<>();
    StringBuilder data = null;
    for (String line : body.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(data.toString());
        }
        data = null;
      } else if (!line.startsWith(":")) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        if (field.equals("data")) {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
    }
    return events;
  }
}
