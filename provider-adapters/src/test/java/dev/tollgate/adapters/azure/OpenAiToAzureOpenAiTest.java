package dev.tollgate.adapters.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAiToAzureOpenAiTest {
  private static final AzureOpenAiSpec SPEC = new AzureOpenAiSpec("https://r.openai.azure.com", "2024-10-21", "AZ_KEY");
  private static final Secrets SECRETS = Secrets.of(Map.of("AZ_KEY", "azure-live-0123456789"));

  @Test
  void keyTravelsOnlyInTheApiKeyHeader() throws Exception {
    Translator translator = AzureOpenAi.chat();

    UpstreamRequest upstream = translator.translateRequest(chat(), SPEC, deployment("my deployment"), SECRETS);

    assertEquals("azure-live-0123456789", upstream.headers().get("api-key"));
    assertFalse(upstream.headers().containsKey("authorization"));
    assertFalse(upstream.toString().contains("azure-live"));
    assertEquals("https://r.openai.azure.com/openai/deployments/my%20deployment/chat/completions"
        + "?api-version=2024-10-21", upstream.url());
  }

  @Test
  void missingKeyIsNamedNotGuessed() {
    Translator translator = AzureOpenAi.chat();

    MissingSecretException e = assertThrows(MissingSecretException.class,
        () -> translator.translateRequest(chat(), SPEC, deployment("d"), Secrets.none()));

    assertEquals(true, e.getMessage().contains("AZ_KEY"));
  }

  @Test
  void contentFilterIsRecognisedByItsInnerErrorAlone() throws Exception {
    Translator translator = AzureOpenAi.chat();
    translator.translateRequest(chat(), SPEC, deployment("d"), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(400, bytes(
        "{\"error\":{\"code\":\"BadRequest\",\"message\":\"filtered\",\"innererror\":"
            + "{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{}}}}"));

    assertEquals("content_filter", failure.code());
    assertEquals(400, failure.status());
    assertFalse(failure.retryable());
  }

  @Test
  void echoedStatusIsNoErrorCode() throws Exception {
    Translator translator = AzureOpenAi.embeddings();
    translator.translateRequest(OpenAiRequest.parse(OpenAiEndpoint.EMBEDDINGS, bytes(
        "{\"model\":\"e\",\"input\":\"hi\"}")), SPEC, deployment("d"), SECRETS);

    UpstreamFailure failure = (UpstreamFailure) translator.translateResponse(404, bytes(
        "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}"));

    assertEquals(null, failure.code());
    assertEquals("Resource not found", failure.message());
  }

  private static OpenAiRequest chat() throws Exception {
    return OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, bytes(
        "{\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
  }

  private static Deployment deployment(String name) {
    return new Deployment("alias-1", "azure", name, 1, 0, List.of(), Set.of(), null, null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
