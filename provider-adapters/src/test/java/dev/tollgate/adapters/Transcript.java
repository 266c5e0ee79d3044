package dev.tollgate.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One golden transcript: {@code transcripts/<provider>/<endpoint>-<scenario>/}, with the provider's
 * {@code provider.json} beside the scenarios. See {@code transcripts/README.md}.
 */
final class Transcript {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Dates the answers of providers whose own carry no time (Anthropic): {@code created} is 1772366400. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  private final String provider;
  private final String name;
  private final Path dir;

  private Transcript(String provider, String name, Path dir) {
    this.provider = provider;
    this.name = name;
    this.dir = dir;
  }

  static Stream<Transcript> all() throws IOException {
    List<Transcript> found = new ArrayList<>();
    try (Stream<Path> providers = Files.list(root())) {
      for (Path providerDir : providers.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> scenarios = Files.list(providerDir)) {
          scenarios.filter(Files::isDirectory).sorted().forEach(dir ->
              found.add(new Transcript(providerDir.getFileName().toString(), dir.getFileName().toString(), dir)));
        }
      }
    }
    return found.stream();
  }

  static Transcript of(String provider, String name) {
    Path dir = root().resolve(provider).resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no transcript " + provider + "/" + name);
    }
    return new Transcript(provider, name, dir);
  }

  OpenAiEndpoint endpoint() {
    if (name.startsWith("chat-")) {
      return OpenAiEndpoint.CHAT_COMPLETIONS;
    } else if (name.startsWith("completions-")) {
      return OpenAiEndpoint.COMPLETIONS;
    } else if (name.startsWith("embeddings-")) {
      return OpenAiEndpoint.EMBEDDINGS;
    }
    throw new IllegalStateException("transcript names start with chat-, completions- or embeddings-: " + name);
  }

  boolean streamed() {
    return Files.exists(dir.resolve("upstream.sse")) || Files.exists(dir.resolve(EventStreamTranscript.FILE));
  }

  /** The upstream body: the file as it is, or the event-stream frames a {@code upstream.frames.json} describes. */
  byte[] upstreamBody() {
    if (Files.exists(dir.resolve(EventStreamTranscript.FILE))) {
      return EventStreamTranscript.encode(json(EventStreamTranscript.FILE));
    }
    return file(streamed() ? "upstream.sse" : "upstream.json");
  }

  Path dir() {
    return dir;
  }

  byte[] file(String fileName) {
    return optional(fileName).orElseThrow(() -> new IllegalStateException(this + " has no " + fileName));
  }

  Optional<byte[]> optional(String fileName) {
    Path path = dir.resolve(fileName);
    try {
      return Files.exists(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode json(String fileName) {
    return tree(file(fileName));
  }

  OpenAiRequest request() throws InvalidRequestException {
    return OpenAiRequest.parse(endpoint(), file("request.json"));
  }

  int upstreamStatus() {
    return optional("upstream-head.json").map(b -> tree(b).path("status").asInt(200)).orElse(200);
  }

  UpstreamHeaders upstreamHeaders() {
    Map<String, String> headers = new TreeMap<>();
    optional("upstream-head.json").ifPresent(b -> tree(b).path("headers").properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText())));
    return UpstreamHeaders.of(headers);
  }

  ProviderApi api() {
    return ProviderApi.of(spec());
  }

  /** A new translator, set up with this transcript's request: what the edge does for each attempt. */
  Translator translator(List<UpstreamRequest> sent) throws InvalidRequestException {
    OpenAiRequest request = request();
    Translator translator = Adapters.forEndpoint(endpoint(), api(), clock());
    sent.add(translator.translateRequest(request, spec(), deployment(request.model()), secrets()));
    return translator;
  }

  /** Replays the upstream answer through a fresh translator, in pieces cut by {@code splits} (null: whole). */
  Replay replay(Random splits) throws InvalidRequestException {
    List<UpstreamRequest> sent = new ArrayList<>();
    Translator translator = translator(sent);
    byte[] upstream = upstreamBody();
    int status = upstreamStatus();
    if (!streamed() || status < 200 || status > 299) {
      TranslatedResponse response = translator.translateResponse(status, upstreamHeaders(), upstream);
      if (response instanceof TranslatedResponse.Success success) {
        return new Replay(sent.get(0), success.body(), success.usage(), null);
      }
      return new Replay(sent.get(0), new byte[0], null, (UpstreamFailure) response);
    }
    StreamTranslator stream = translator.streamTranslator();
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    for (byte[] piece : pieces(upstream, splits)) {
      client.writeBytes(stream.translate(piece));
    }
    StreamEnd end = stream.finish();
    client.writeBytes(end.bytes());
    return new Replay(sent.get(0), client.toByteArray(), end.usage(), end.failure());
  }

  /** What the client saw and what the edge would record. */
  record Replay(UpstreamRequest upstreamRequest, byte[] client, Usage usage, UpstreamFailure failure) {}

  /** The provider's config record, read exactly as {@code tollgate.config} carries it. */
  private ProviderSpec spec() {
    return Json.mapper().convertValue(providerConfig().path("spec"), ProviderSpec.class);
  }

  /** The provider's fixed {@code now}, for translators that sign or date; else the system clock. */
  private Clock clock() {
    String now = providerConfig().path("now").asText(null);
    return now == null ? Clock.systemUTC() : Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
  }

  private Deployment deployment(String alias) {
    String upstreamModel = providerConfig().path("deployments").path(alias).asText(null);
    if (upstreamModel == null) {
      throw new IllegalStateException(provider + "/provider.json has no deployment for " + alias);
    }
    return new Deployment(alias + "-1", provider, upstreamModel, 1, 0, List.of(), Set.of(), null, null);
  }

  private Secrets secrets() {
    return Secrets.of(MAPPER.convertValue(providerConfig().path("secrets"), Map.class));
  }

  private JsonNode providerConfig() {
    return tree(readAll(dir.getParent().resolve("provider.json")));
  }

  private static List<byte[]> pieces(byte[] bytes, Random splits) {
    List<byte[]> pieces = new ArrayList<>();
    if (splits == null) {
      pieces.add(bytes);
      return pieces;
    }
    int at = 0;
    while (at < bytes.length) {
      int length = Math.min(bytes.length - at, 1 + splits.nextInt(24));
      pieces.add(Arrays.copyOfRange(bytes, at, at + length));
      at += length;
    }
    return pieces;
  }

  static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    try {
      return Path.of(Transcript.class.getResource("/transcripts").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return provider + "/" + name;
  }
}
