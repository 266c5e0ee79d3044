package dev.tollgate.adapters.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitanEmbeddingsTranslatorTest {
  private static final Deployment TITAN = new Deployment(
      "titan-1", "bedrock", "amazon.titan-embed-text-v2:0", 1, 0, List.of(), Set.of(), null, null);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"model\":\"m\",\"input\":[\"one\",\"two\"]}|input",
      "{\"model\":\"m\",\"input\":[1,2,3]}|input",
      "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"int8\"}|encoding_format",
      "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":\"256\"}|dimensions",
      "{\"model\":\"m\",\"input\":\"x\",\"input_type\":\"query\"}|input_type",
  })
  void shouldRefuseWhatTitanCannotDoNamingTheParameter(String body, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Bedrock.embeddings(Clock.systemUTC())
        .translateRequest(OpenAiRequest.parse(OpenAiEndpoint.EMBEDDINGS, body.getBytes(StandardCharsets.UTF_8)),
            new BedrockSpec("us-east-1", "K", "S", null), TITAN, Secrets.of(Map.of("K", "AKID", "S", "secret"))));

    assertEquals(param, e.invalidRequest().param());
  }
}
