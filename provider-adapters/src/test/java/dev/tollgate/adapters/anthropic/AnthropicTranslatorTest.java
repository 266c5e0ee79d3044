package dev.tollgate.adapters.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the transcripts cannot show: requests refused before any upstream call, credentials, URL forms. */
class AnthropicTranslatorTest {
  private static final AnthropicSpec SPEC = new AnthropicSpec("https://api.anthropic.com", "ANTHROPIC_KEY", null);
  private static final Secrets SECRETS = Secrets.of(Map.of("ANTHROPIC_KEY", "sk-ant-api03-live-0123456789"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"n\":2 | n",
      "\"logprobs\":true | logprobs",
      "\"top_logprobs\":3 | top_logprobs",
      "\"logit_bias\":{\"50256\":-100} | logit_bias",
      "\"presence_penalty\":0.5 | presence_penalty",
      "\"frequency_penalty\":-1 | frequency_penalty",
      "\"response_format\":{\"type\":\"json_object\"} | response_format",
      "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"} | audio",
      "\"reasoning_effort\":\"high\" | reasoning_effort",
      "\"functions\":[{\"name\":\"f\"}] | functions",
      "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}] | tools[0].type",
      "\"tool_choice\":\"sometimes\" | tool_choice"})
  void refusesWhatAnthropicCannotExpressNamingTheParameter(String member, String param) throws Exception {
    OpenAiRequest request = chat("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + member + "}");

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Anthropic.chat().translateRequest(request, SPEC, deployment(), SECRETS));

    assertEquals(param, e.invalidRequest().param());
    assertTrue(e.getMessage().contains(param.replaceAll("\\[.*", "")), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]} | messages[0].content[0].type",
      "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://h/i.png\"}}]}"
          + " | messages[0].content[0].image_url.url",
      "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\","
          + "\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]} | messages[0].tool_calls[0].function.arguments",
      "{\"role\":\"tool\",\"content\":\"15 degrees\"} | messages[0].tool_call_id",
      "{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"} | messages[0].role",
      "{\"role\":\"system\",\"content\":\"only a system prompt\"} | messages"})
  void refusesMessagesItCannotTranslate(String message, String param) throws Exception {
    OpenAiRequest request = chat("{\"model\":\"claude\",\"messages\":[" + message + "]}");

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Anthropic.chat().translateRequest(request, SPEC, deployment(), SECRETS));

    assertEquals(param, e.invalidRequest().param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"echo\":true | echo",
      "\"suffix\":\"}\" | suffix",
      "\"best_of\":3 | best_of",
      "\"logprobs\":0 | logprobs",
      "\"n\":2 | n"})
  void refusesWhatTheLegacyEndpointAsksAndAnthropicCannotDo(String member, String param) throws Exception {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.COMPLETIONS,
        bytes("{\"model\":\"claude\",\"prompt\":\"Say this is a test\"," + member + "}"));

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Anthropic.completions(Clock.systemUTC()).translateRequest(request, SPEC, deployment(), SECRETS));

    assertEquals(param, e.invalidRequest().param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"[\"one\",\"two\"]", "[1,2,3]"})
  void takesOnePromptOfText(String prompt) throws Exception {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.COMPLETIONS,
        bytes("{\"model\":\"claude\",\"prompt\":" + prompt + "}"));

    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Anthropic.completions(Clock.systemUTC()).translateRequest(request, SPEC, deployment(), SECRETS));

    assertEquals("prompt", e.invalidRequest().param());
  }

  @Test
  void keyTravelsOnlyInItsHeaderAndNeverInText() throws Exception {
    UpstreamRequest upstream = Anthropic.chat().translateRequest(hello(), SPEC, deployment(), SECRETS);

    assertEquals("sk-ant-api03-live-0123456789", upstream.headers().get("x-api-key"));
    assertEquals("2023-06-01", upstream.headers().get("anthropic-version"));
    assertFalse(upstream.toString().contains("live-0123"));
    assertFalse(new String(upstream.body(), StandardCharsets.UTF_8).contains("live-0123"));
  }

  @Test
  void missingKeyIsNamedNotGuessed() {
    MissingSecretException e = assertThrows(MissingSecretException.class,
        () -> Anthropic.chat().translateRequest(hello(), SPEC, deployment(), Secrets.none()));

    assertTrue(e.getMessage().contains("ANTHROPIC_KEY"));
  }

  @Test
  void errorMessagesNeverEchoAKey() throws Exception {
    Translator translator = Anthropic.chat();
    translator.translateRequest(hello(), SPEC, deployment(), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(400, UpstreamHeaders.none(), bytes(
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
            + "\"message\":\"bad key sk-ant-api03-live-0123456789 in body\"}}"));

    assertFalse(failure.message().contains("live-0123"), failure.message());
    assertFalse(failure.toString().contains("live-0123"));
  }

  @Test
  void anUnreadableErrorBodyFallsBackToTheStatus() throws Exception {
    Translator translator = Anthropic.chat();
    translator.translateRequest(hello(), SPEC, deployment(), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(
        529, UpstreamHeaders.of(Map.of("retry-after", "2")), bytes("<html>overloaded</html>"));

    assertEquals(503, failure.status());
    assertTrue(failure.retryable());
    assertEquals(2000L, failure.retryAfterMs());
    assertFalse(failure.message().contains("html"));
  }

  @ParameterizedTest
  @CsvSource({
      "https://api.anthropic.com, https://api.anthropic.com/v1/messages",
      "https://api.anthropic.com/, https://api.anthropic.com/v1/messages",
      "http://127.0.0.1:8080/v1, http://127.0.0.1:8080/v1/messages"})
  void postsToTheMessagesRouteUnderTheBaseUrl(String baseUrl, String url) throws Exception {
    AnthropicSpec spec = new AnthropicSpec(baseUrl, "ANTHROPIC_KEY", "2023-06-01");

    UpstreamRequest upstream = Anthropic.chat().translateRequest(hello(), spec, deployment(), SECRETS);

    assertEquals(url, upstream.url());
  }

  @Test
  void aNonStreamedAnswerThatIsNotAMessageIsARetryableBadGateway() throws Exception {
    Translator translator = Anthropic.chat();
    translator.translateRequest(hello(), SPEC, deployment(), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(200, bytes("{\"ok\":true}"));

    assertEquals(502, failure.status());
    assertTrue(failure.retryable());
  }

  @Test
  void anEventThatIsNotJsonEndsTheStreamWithAnError() throws Exception {
    Translator translator = Anthropic.chat();
    translator.translateRequest(chat("{\"model\":\"claude\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), SPEC, deployment(), SECRETS);
    StreamTranslator stream = translator.streamTranslator();

    String sent = new String(stream.translate(bytes("event: message_start\ndata: {oops\n\n")), StandardCharsets.UTF_8);
    StreamEnd end = stream.finish();

    assertTrue(sent.startsWith("data: {\"error\":"), sent);
    assertEquals("upstream_protocol_error", end.failure().code());
    assertTrue(end.usage().estimated());
  }

  @Test
  void defaultOutputLimitIsStatedAndSent() throws Exception {
    UpstreamRequest upstream = Anthropic.chat().translateRequest(hello(), SPEC, deployment(), SECRETS);

    JsonNode body = AnthropicJson.tree(upstream.body());

    assertEquals(Anthropic.DEFAULT_MAX_TOKENS, body.path("max_tokens").asInt());
    assertEquals("claude-sonnet-4-5-20250929", body.path("model").asText());
  }

  private static OpenAiRequest hello() throws InvalidRequestException {
    return chat("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static OpenAiRequest chat(String json) throws InvalidRequestException {
    return OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, bytes(json));
  }

  private static Deployment deployment() {
    return new Deployment("claude-1", "anthropic", "claude-sonnet-4-5-20250929", 1, 0, List.of(), Set.of(), null, null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
