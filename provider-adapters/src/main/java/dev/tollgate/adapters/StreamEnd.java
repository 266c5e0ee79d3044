package dev.tollgate.adapters;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a stream ends, once the upstream body is over.
 *
 * @param bytes SSE bytes to send the client before ending its stream: empty after a clean end, {@code data: [DONE]}
 *     when the upstream finished but forgot it, an SSE error event when the upstream stream was cut
 * @param usage the usage to record: the provider's, or an estimate (marked so) when it never came
 * @param failure the failure to record when the stream did not complete (cut, or an upstream error event); null when
 *     it completed
 */
public record StreamEnd(byte[] bytes, Usage usage, UpstreamFailure failure) {
  public StreamEnd {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(usage, "usage");
  }

  /**
   * Whether the upstream completed the stream.
   *
   * @return true when there is no failure
   */
  public boolean completed() {
    return failure == null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StreamEnd that
        && Arrays.equals(bytes, that.bytes)
        && usage.equals(that.usage)
        && Objects.equals(failure, that.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bytes), usage, failure);
  }

  @Override
  public String toString() {
    return "StreamEnd[bytes=" + bytes.length + ", usage=" + usage + ", failure=" + failure + "]";
  }
}
