package dev.tollgate.adapters.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCompatibleTranslatorTest {
  private static final Deployment DEPLOYMENT =
      new Deployment("d1", "local", "llama-3-8b", 1, 0, List.of(), Set.of(), null, null);
  private static final String CHAT = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  @Test
  void shouldSendNoAuthorizationWhenNoKeyIsConfigured() throws Exception {
    OpenAiCompatibleSpec spec = new OpenAiCompatibleSpec("http://127.0.0.1:11434/v1/", null,
        Map.of("X-Tenant", "acme", "Accept", "application/x-ndjson"));

    UpstreamRequest request = OpenAiCompatible.chat().translateRequest(chat(CHAT + "}"), spec, DEPLOYMENT,
        Secrets.none());

    assertEquals("http://127.0.0.1:11434/v1/chat/completions", request.url());
    assertEquals(Map.of("content-type", "application/json", "accept", "application/x-ndjson", "x-tenant", "acme"),
        request.headers());
  }

  @Test
  void shouldNameTheMissingVariableOnly() {
    OpenAiCompatibleSpec spec = new OpenAiCompatibleSpec("https://api.groq.com/openai/v1", "GROQ_API_KEY", null);

    MissingSecretException e = assertThrows(MissingSecretException.class,
        () -> OpenAiCompatible.chat().translateRequest(chat(CHAT + "}"), spec, DEPLOYMENT, Secrets.none()));

    assertEquals("GROQ_API_KEY", e.variable());
  }

  @Test
  void shouldRefuseASimulatorSpecAndTellWhatToPassInstead() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiCompatible.chat()
        .translateRequest(chat(CHAT + "}"), new SimulatorSpec(0, 0, 3, null), DEPLOYMENT, Secrets.none()));

    assertTrue(e.getMessage().contains("upstreamSpec()"));
  }

  @Test
  void shouldRequireTheRequestFirst() {
    Translator translator = OpenAiCompatible.chat();

    assertThrows(IllegalStateException.class, () -> translator.translateResponse(200, new byte[0]));
    assertThrows(IllegalStateException.class, translator::streamTranslator);
  }

  @Test
  void shouldEndWithDoneWhenOnlyTheTerminatorIsLost() throws Exception {
    StreamTranslator stream = stream(CHAT + ",\"stream\":true}");

    byte[] forwarded = stream.translate(utf8("data: {\"model\":\"llama-3-8b\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":null}\n\ndata: {\"model\":\"llama-3-8b\","
        + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}\n\n"));
    StreamEnd end = stream.finish();

    assertEquals("data: {\"model\":\"fast\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
        + "\"finish_reason\":\"stop\"}]}\n\n", text(forwarded));
    assertEquals("data: [DONE]\n\n", text(end.bytes()));
    assertFalse(end.usage().estimated());
    assertTrue(end.completed());
    assertSame(end, stream.finish());
  }

  @Test
  void shouldIgnoreWhatFollowsDone() throws Exception {
    StreamTranslator stream = stream(CHAT + ",\"stream\":true}");

    byte[] forwarded = stream.translate(utf8("data: [DONE]\n\ndata: {\"choices\":[]}\n\n: late\n\n"));

    assertEquals("data: [DONE]\n\n", text(forwarded));
    assertArrayEquals(new byte[0], stream.translate(utf8("data: {}\n\n")));
  }

  @Test
  void shouldTurnAnOversizedEventIntoAnErrorEvent() throws Exception {
    StreamTranslator stream = stream(CHAT + ",\"stream\":true}");

    byte[] forwarded = stream.translate(new byte[9 * 1024 * 1024]);

    assertTrue(text(forwarded).startsWith("data: {\"error\":"));
    assertEquals("upstream_protocol_error", stream.finish().failure().code());
  }

  @Test
  void shouldNormaliseAnErrorEventWithoutAnEnvelope() throws Exception {
    StreamTranslator stream = stream(CHAT + ",\"stream\":true}");

    byte[] forwarded = stream.translate(utf8("event: error\ndata: overloaded\n\n"));

    assertTrue(text(forwarded).startsWith("data: {\"error\":{\"message\":\"upstream reported an error\""));
    assertFalse(stream.finish().completed());
  }

  @Test
  void shouldEstimateUsageWhenACompleteAnswerHasNone() throws Exception {
    Translator translator = translator(CHAT + "}");

    TranslatedResponse response = translator.translateResponse(200, utf8("{\"model\":\"llama-3-8b\",\"choices\":"
        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"}}]}"));

    TranslatedResponse.Success success = assertInstanceOf(TranslatedResponse.Success.class, response);
    assertTrue(success.usage().estimated());
    assertEquals(2, success.usage().completionTokens());
    assertTrue(text(success.body()).startsWith("{\"model\":\"fast\""));
  }

  @Test
  void shouldTreatAnErrorInA200AsARetryableFailure() throws Exception {
    TranslatedResponse response = translator(CHAT + "}").translateResponse(200, utf8("{\"error\":\"busy\"}"));

    UpstreamFailure failure = assertInstanceOf(UpstreamFailure.class, response);
    assertEquals("busy", failure.message());
    assertTrue(failure.retryable());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "ollama   | 404 | {\"error\":\"model 'x' not found\"}                                | invalid_request_error | model 'x' not found",
    "vllm     | 400 | {\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\",\"code\":400} | BadRequestError | too long",
    "fastapi  | 422 | {\"detail\":\"field required\"}                                     | invalid_request_error | field required",
    "html     | 502 | <html>Bad gateway</html>                                            | server_error          | upstream returned HTTP 502",
    "key      | 400 | {\"error\":{\"message\":\"bad header Bearer sk-abcdef123 and sk-proj-XYZ987\"}} | invalid_request_error | bad header Bearer *** and sk-***",
  })
  void shouldReadTheErrorShapesCompatibleServersUse(String server, int status, String body, String type,
      String message) throws Exception {
    TranslatedResponse response = translator(CHAT + "}").translateResponse(status, utf8(body));

    UpstreamFailure failure = assertInstanceOf(UpstreamFailure.class, response);
    assertEquals(status, failure.status());
    assertEquals(type, failure.type());
    assertEquals(message, failure.message());
    assertNull(failure.code());
  }

  @Test
  void shouldLetTheUpstreamSayWhetherToRetry() throws Exception {
    UpstreamHeaders noRetry = UpstreamHeaders.of(Map.of("x-should-retry", "false"));

    TranslatedResponse response = translator(CHAT + "}").translateResponse(503, noRetry, utf8("{}"));

    assertFalse(assertInstanceOf(UpstreamFailure.class, response).retryable());
  }

  private static StreamTranslator stream(String body) throws InvalidRequestException {
    return translator(body).streamTranslator();
  }

  private static Translator translator(String body) throws InvalidRequestException {
    Translator translator = OpenAiCompatible.chat();
    translator.translateRequest(chat(body), new OpenAiCompatibleSpec("http://127.0.0.1:8000/v1", null, null),
        DEPLOYMENT, Secrets.none());
    return translator;
  }

  private static OpenAiRequest chat(String body) throws InvalidRequestException {
    return OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(body));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
