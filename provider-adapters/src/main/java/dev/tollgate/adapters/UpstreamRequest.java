package dev.tollgate.adapters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The HTTP request to send upstream, built by a translator. The edge owns the HTTP client and sends it as is.
 *
 * @param method the HTTP method
 * @param url the absolute URL
 * @param headers lower-case header names to values, in a stable order
 * @param body the request body
 */
public record UpstreamRequest(String method, String url, Map<String, String> headers, byte[] body) {

  public UpstreamRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * A copy with one more header, or with a header's value replaced (e.g. to propagate {@code x-request-id}).
   *
   * @param name the header name
   * @param value its value
   * @return the new request
   */
  public UpstreamRequest withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name.toLowerCase(Locale.ROOT), value);
    return new UpstreamRequest(method, url, copy, body);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UpstreamRequest that
        && method.equals(that.method)
        && url.equals(that.url)
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, url, headers, Arrays.hashCode(body));
  }

  /** Shows no credential: values of headers that look like one are hidden, and the body only by its size. */
  @Override
  public String toString() {
    String shown = headers.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isCredential(e.getKey()) ? "<hidden>" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
    return "UpstreamRequest[" + method + " " + url + ", headers=" + shown + ", body=" + body.length + " bytes]";
  }

  private static boolean isCredential(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("auth") || n.contains("key") || n.contains("token") || n.contains("secret")
        || n.contains("signature") || n.contains("cookie");
  }
}
