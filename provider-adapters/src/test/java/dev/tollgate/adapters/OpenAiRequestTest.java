package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OpenAiRequestTest {

  @Test
  void shouldReadWhatTheGatewayNeeds() throws InvalidRequestException {
    OpenAiRequest request = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":50,"
        + "\"max_completion_tokens\":40,\"n\":2,\"tools\":[]}");

    assertEquals("gpt-4o", request.model());
    assertTrue(request.stream());
    assertTrue(request.includeUsage());
    assertEquals(OptionalInt.of(40), request.maxTokens());
    assertEquals(2, request.n());
  }

  @Test
  void shouldDefaultWhatIsAbsentOrNull() throws InvalidRequestException {
    OpenAiRequest request = chat("{\"model\":\"m\",\"messages\":[{}],\"stream\":null,\"stream_options\":null}");

    assertFalse(request.stream());
    assertFalse(request.includeUsage());
    assertEquals(OptionalInt.empty(), request.maxTokens());
    assertEquals(1, request.n());
  }

  @Test
  void shouldRewriteOnlyWhatItIsAskedTo() throws InvalidRequestException {
    String body = "{\"model\" : \"alias\", \"messages\":[{\"role\":\"user\",\"content\":\"\\u00e9\"}],"
        + " \"logit_bias\":{\"50256\":-100}, \"temperature\":0.70, \"seed\":1e2}";

    byte[] rewritten = chat(body).rewrite(Map.of("model", "\"upstream\""));

    assertEquals(body.replace("\"alias\"", "\"upstream\""), new String(rewritten, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} -> param {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"messages\":[{}]}                                         | model",
    "{\"model\":4,\"messages\":[{}]}                             | model",
    "{\"model\":\"m\"}                                           | messages",
    "{\"model\":\"m\",\"messages\":\"hi\"}                       | messages",
    "{\"model\":\"m\",\"messages\":[]}                           | messages",
    "{\"model\":\"m\",\"messages\":[{}],\"stream\":\"yes\"}      | stream",
    "{\"model\":\"m\",\"messages\":[{}],\"stream_options\":true}  | stream_options",
    "{\"model\":\"m\",\"messages\":[{}],\"stream_options\":{\"include_usage\":1}} | stream_options.include_usage",
    "{\"model\":\"m\",\"messages\":[{}],\"max_tokens\":1.5}      | max_tokens",
    "{\"model\":\"m\",\"messages\":[{}],\"max_tokens\":0}        | max_tokens",
    "{\"model\":\"m\",\"messages\":[{}],\"n\":99999999999}      | n",
    "{\"model\":\"a\",\"model\":\"b\",\"messages\":[{}]}          | model",
  })
  void shouldNameTheParameterAtFault(String body, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals(param, e.invalidRequest().param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "not json", "[1,2]", "{\"model\":", "{} {}"})
  void shouldRefuseBodiesThatAreNotOneJsonObject(String body) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> chat(body));

    assertEquals(null, e.invalidRequest().param());
  }

  @Test
  void shouldRequireTheInputOfEachEndpoint() throws InvalidRequestException {
    assertEquals("prompt", assertThrows(InvalidRequestException.class,
        () -> parse(OpenAiEndpoint.COMPLETIONS, "{\"model\":\"m\"}")).invalidRequest().param());
    assertEquals("input", assertThrows(InvalidRequestException.class,
        () -> parse(OpenAiEndpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":3}")).invalidRequest().param());
    assertFalse(parse(OpenAiEndpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":[\"a\"],\"stream\":true}").stream());
  }

  private static OpenAiRequest chat(String body) throws InvalidRequestException {
    return parse(OpenAiEndpoint.CHAT_COMPLETIONS, body);
  }

  private static OpenAiRequest parse(OpenAiEndpoint endpoint, String body) throws InvalidRequestException {
    return OpenAiRequest.parse(endpoint, body.getBytes(StandardCharsets.UTF_8));
  }
}
