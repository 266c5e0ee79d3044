package dev.tollgate.adapters.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.GeminiSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the transcripts cannot show: requests refused before anything is sent, and where the key goes. */
class GeminiRequestTest {
  private static final String KEY = "AIzaSyTestKeyThatIsNotRealAtAll0123456";
  private static final GeminiSpec SPEC = new GeminiSpec("https://generativelanguage.googleapis.com/", "GEMINI_KEY");
  private static final Secrets SECRETS = Secrets.of(Map.of("GEMINI_KEY", KEY));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-17T09:30:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"logit_bias\":{\"50256\":-100}|logit_bias",
      "\"logprobs\":true|logprobs",
      "\"top_logprobs\":2|top_logprobs",
      "\"modalities\":[\"text\",\"audio\"]|modalities",
      "\"functions\":[{\"name\":\"f\"}]|functions",
      "\"response_format\":{\"type\":\"xml\"}|response_format.type",
      "\"tool_choice\":{\"type\":\"allowed_tools\"}|tool_choice",
      "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"c\"}}]|tools[0].type",
      "\"reasoning_effort\":\"extreme\"|reasoning_effort"})
  void shouldRefuseWhatGeminiCannotDoNamingTheParameter(String member, String param) {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + member + "}";

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals(param, e.invalidRequest().param());
  }

  @Test
  void shouldIgnoreWhatChangesNothingForGemini() throws Exception {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"logprobs\":false,"
        + "\"user\":\"u-1\",\"store\":false,\"metadata\":{\"a\":\"b\"},\"parallel_tool_calls\":true,\"stream\":null}";

    UpstreamRequest request = chat(body);

    assertEquals("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}",
        new String(request.body(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseAToolMessageAnsweringNoKnownCall() {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"42\"}]}";

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals("messages[1].tool_call_id", e.invalidRequest().param());
  }

  @Test
  void shouldRefuseContentPartsGeminiIsNotSentHere() {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{\"data\":\"AAA\",\"format\":\"wav\"}}]}]}";

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals("messages[0].content[0].type", e.invalidRequest().param());
  }

  @Test
  void shouldRefuseToolCallArgumentsThatAreNotAJsonObject() {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1\"}}]}]}";

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals("messages[1].tool_calls[0].function.arguments", e.invalidRequest().param());
  }

  @Test
  void shouldRefuseAConversationOfSystemMessagesOnly() {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"}]}";

    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals("messages", e.invalidRequest().param());
  }

  @Test
  void shouldSendTheKeyInAHeaderNeverInTheUrlNorInToString() throws Exception {
    UpstreamRequest request = chat("{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertEquals(KEY, request.headers().get("x-goog-api-key"));
    assertFalse(request.url().contains(KEY));
    assertFalse(request.toString().contains(KEY));
    assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
        request.url());
  }

  @Test
  void shouldKeepAConfiguredResourceName() throws Exception {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS,
        bytes("{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    UpstreamRequest upstream = Gemini.chat(CLOCK).translateRequest(request, SPEC,
        deployment("tunedModels/my-model-abc"), SECRETS);

    assertEquals("https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model-abc:generateContent",
        upstream.url());
  }

  @Test
  void shouldNameTheMissingVariableNotTheKey() throws Exception {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS,
        bytes("{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    MissingSecretException e = assertThrows(MissingSecretException.class,
        () -> Gemini.chat(CLOCK).translateRequest(request, SPEC, deployment("gemini-2.5-flash"), Secrets.none()));

    assertEquals("GEMINI_KEY", e.variable());
  }

  @Test
  void shouldRedactAKeyQuotedInAnUpstreamMessage() throws Exception {
    Translator translator = Gemini.chat(CLOCK);
    translator.translateRequest(OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS,
        bytes("{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")), SPEC,
        deployment("gemini-2.5-flash"), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(400, bytes("{\"error\":{\"code\":400,"
        + "\"message\":\"Bad request for key " + KEY + "\",\"status\":\"INVALID_ARGUMENT\"}}"));

    assertFalse(failure.message().contains(KEY), failure.message());
    assertTrue(failure.message().startsWith("Bad request for key AIza"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"input\":[[1,2,3]]|input",
      "\"input\":[]|input",
      "\"input\":\"x\",\"encoding_format\":\"int8\"|encoding_format",
      "\"input\":\"x\",\"dimensions\":0|dimensions",
      "\"input\":\"x\",\"task\":\"retrieval\"|task"})
  void shouldRefuseEmbeddingsGeminiCannotMake(String members, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Gemini.embeddings(CLOCK)
        .translateRequest(OpenAiRequest.parse(OpenAiEndpoint.EMBEDDINGS, bytes("{\"model\":\"e\"," + members + "}")),
            SPEC, deployment("gemini-embedding-001"), SECRETS));

    assertEquals(param, e.invalidRequest().param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"prompt\":[\"a\",\"b\"]|prompt",
      "\"prompt\":[1,2,3]|prompt",
      "\"prompt\":\"a\",\"echo\":true|echo",
      "\"prompt\":\"a\",\"suffix\":\"z\"|suffix",
      "\"prompt\":\"a\",\"best_of\":3|best_of",
      "\"prompt\":\"a\",\"logprobs\":2|logprobs"})
  void shouldRefuseCompletionsGeminiCannotMake(String members, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Gemini.completions(CLOCK)
        .translateRequest(OpenAiRequest.parse(OpenAiEndpoint.COMPLETIONS, bytes("{\"model\":\"m\"," + members + "}")),
            SPEC, deployment("gemini-2.5-flash"), SECRETS));

    assertEquals(param, e.invalidRequest().param());
  }

  private static UpstreamRequest chat(String body) throws InvalidRequestException {
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, bytes(body));
    return Gemini.chat(CLOCK).translateRequest(request, SPEC, deployment("gemini-2.5-flash"), SECRETS);
  }

  private static Deployment deployment(String upstreamModel) {
    return new Deployment("flash-1", "gemini", upstreamModel, 1, 0, List.of(), Set.of(), null, null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
