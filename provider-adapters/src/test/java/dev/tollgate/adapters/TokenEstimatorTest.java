package dev.tollgate.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEstimatorTest {

  @ParameterizedTest
  @CsvSource({
    "gpt-4o, o200k_base", "gpt-4o-mini-2024-07-18, o200k_base", "gpt-4.1-nano, o200k_base", "o3-mini, o200k_base",
    "gpt-5, o200k_base", "openai/gpt-4o, o200k_base", "ft:gpt-4o-mini:acme, o200k_base",
    "gpt-4-turbo, cl100k_base", "gpt-3.5-turbo, cl100k_base", "llama-3-70b, cl100k_base", "sim-small, cl100k_base"
  })
  void shouldPickTheTokenizerOfTheModelFamily(String model, String encoding) {
    assertEquals(encoding, TokenEstimator.forModel(model).encodingName());
  }

  @Test
  void shouldCountSpecialTokenSpellingsAsText() {
    assertEquals(7, TokenEstimator.forModel("gpt-4o").countText("<|endoftext|>"));
  }

  @Test
  void shouldCountChatMessagesTheCookbookWay() throws InvalidRequestException {
    TokenEstimator estimator = TokenEstimator.forModel("gpt-4o");
    OpenAiRequest request = OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, utf8(
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"Hello world\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}"));

    long expected = TokenEstimator.REPLY_PRIMING_TOKENS
        + TokenEstimator.TOKENS_PER_MESSAGE + estimator.countText("system") + estimator.countText("Be brief.")
        + TokenEstimator.TOKENS_PER_MESSAGE + estimator.countText("user") + TokenEstimator.TOKENS_PER_NAME
        + estimator.countText("ann") + estimator.countText("Hello world") + TokenEstimator.TOKENS_PER_IMAGE;

    assertEquals(expected, estimator.promptTokens(request));
  }

  @Test
  void shouldCountPlainInputsAndTokenArrays() throws InvalidRequestException {
    TokenEstimator estimator = TokenEstimator.forModel("text-embedding-3-small");
    OpenAiRequest strings = OpenAiRequest.parse(OpenAiEndpoint.EMBEDDINGS,
        utf8("{\"model\":\"e\",\"input\":[\"hello world\",\"bye\"]}"));
    OpenAiRequest tokens = OpenAiRequest.parse(OpenAiEndpoint.COMPLETIONS,
        utf8("{\"model\":\"c\",\"prompt\":[[1,2,3],[4]]}"));

    assertEquals(estimator.countText("hello world") + estimator.countText("bye"), estimator.promptTokens(strings));
    assertEquals(4, estimator.promptTokens(tokens));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
