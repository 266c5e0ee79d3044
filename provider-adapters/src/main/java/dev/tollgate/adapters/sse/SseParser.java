package dev.tollgate.adapters.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser for {@code text/event-stream} (WHATWG HTML, "Server-sent events", §9.2.6), fed bytes split
 * anywhere. Lines end in {@code \n}, {@code \r\n} or {@code \r} (also when the pair is split across two feeds);
 * {@code data:} lines accumulate with {@code \n} between them; a blank line dispatches; a leading BOM is dropped;
 * an event unfinished when the stream ends is never dispatched. Holds at most one event's bytes. Not thread-safe.
 */
public final class SseParser {
  /** The default limit on one event's size. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final SseListener listener;
  private final int maxEventBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean hasData;
  private String eventType;
  private String lastId;
  private boolean afterCarriageReturn;
  private boolean firstLine = true;

  /**
   * A parser with the default size limit.
   *
   * @param listener receives the events
   */
  public SseParser(SseListener listener) {
    this(listener, DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * A parser.
   *
   * @param listener receives the events
   * @param maxEventBytes the largest event (and line) accepted
   */
  public SseParser(SseListener listener, int maxEventBytes) {
    this.listener = listener;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Feeds bytes; complete events reach the listener before this returns.
   *
   * @param bytes the next bytes of the stream
   * @throws SseOverflowException when an event or line exceeds the limit
   */
  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /**
   * Feeds a slice of bytes.
   *
   * @param bytes an array
   * @param offset where the slice starts
   * @param length its length
   * @throws SseOverflowException when an event or line exceeds the limit
   */
  public void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (bytes[i] == '\n') {
          i++;
          continue;
        }
      }
      int stop = i;
      while (stop < end && bytes[stop] != '\n' && bytes[stop] != '\r') {
        stop++;
      }
      append(bytes, i, stop - i);
      if (stop == end) {
        return;
      }
      afterCarriageReturn = bytes[stop] == '\r';
      i = stop + 1;
      endLine();
    }
  }

  private void append(byte[] bytes, int offset, int length) {
    if (lineLength + length > maxEventBytes) {
      throw new SseOverflowException(maxEventBytes);
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(bytes, offset, line, lineLength, length);
    lineLength += length;
  }

  private void endLine() {
    int start = 0;
    if (firstLine) {
      firstLine = false;
      if (lineLength >= 3 && Arrays.equals(line, 0, 3, BOM, 0, 3)) {
        start = 3;
      }
    }
    int length = lineLength - start;
    lineLength = 0;
    if (length == 0) {
      dispatch();
    } else if (line[start] == ':') {
      listener.onComment(new String(line, start + 1, length - 1, StandardCharsets.UTF_8));
    } else {
      field(start, length);
    }
  }

  private void field(int start, int length) {
    int colon = start;
    int end = start + length;
    while (colon < end && line[colon] != ':') {
      colon++;
    }
    String name = new String(line, start, colon - start, StandardCharsets.UTF_8);
    int valueStart = Math.min(colon + 1, end);
    if (valueStart < end && line[valueStart] == ' ') {
      valueStart++;
    }
    switch (name) {
      case "data" -> appendData(valueStart, end - valueStart);
      case "event" -> eventType = new String(line, valueStart, end - valueStart, StandardCharsets.UTF_8);
      case "id" -> {
        String id = new String(line, valueStart, end - valueStart, StandardCharsets.UTF_8);
        if (id.indexOf('\0') < 0) {
          lastId = id;
        }
      }
      default -> { } // "retry" and unknown fields do not concern a proxy
    }
  }

  private void appendData(int offset, int length) {
    int needed = dataLength + length + 1;
    if (needed > maxEventBytes) {
      throw new SseOverflowException(maxEventBytes);
    }
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
    }
    if (hasData) {
      data[dataLength++] = '\n';
    }
    System.arraycopy(line, offset, data, dataLength, length);
    dataLength += length;
    hasData = true;
  }

  private void dispatch() {
    if (hasData) {
      SseEvent event = new SseEvent(eventType, Arrays.copyOf(data, dataLength), lastId);
      dataLength = 0;
      hasData = false;
      eventType = null;
      listener.onEvent(event);
    } else {
      eventType = null;
    }
  }
}
