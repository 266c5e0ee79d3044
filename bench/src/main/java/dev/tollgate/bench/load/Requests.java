package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** The benchmark's requests: one small chat body, non-streamed or streamed, with the bench key. */
public final class Requests {
  static final String HOST = "127.0.0.1";
  static final String PATH = "/v1/chat/completions";

  private final String bearer;

  public Requests(String key) {
    this.bearer = "Bearer " + key;
  }

  RequestOptions options(Target target) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(HOST)
        .setPort(target.port())
        .setURI(PATH)
        .putHeader("authorization", bearer)
        .putHeader("content-type", "application/json");
  }

  /** A chat body for {@code model}; {@code stream} asks for server-sent events. */
  static Buffer body(String model, boolean stream) {
    return Buffer.buffer("{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}]}");
  }
}
