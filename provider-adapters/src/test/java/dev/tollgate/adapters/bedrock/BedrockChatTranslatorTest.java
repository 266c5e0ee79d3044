package dev.tollgate.adapters.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.bedrock.eventstream.EventStreamFrames;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockChatTranslatorTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private static final BedrockSpec SPEC = new BedrockSpec("eu-west-1", "KEY_ID", "SECRET", null);
  private static final Secrets SECRETS =
      Secrets.of(Map.of("KEY_ID", "AKIDEXAMPLE", "SECRET", "secret-value-1234", "TOKEN", "session-token-5678"));
  private static final Deployment DEPLOYMENT = new Deployment(
      "nova-1", "bedrock", "amazon.nova-lite-v1:0", 1, 0, List.of(), Set.of(), null, null);

  @Test
  void shouldSignWithTheSessionTokenAndUseTheRegionsEndpoint() throws Exception {
    BedrockSpec temporary = new BedrockSpec("eu-west-1", "KEY_ID", "SECRET", "TOKEN");

    UpstreamRequest sent = translate(temporary, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals("https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse", sent.url());
    assertEquals("session-token-5678", sent.headers().get("x-amz-security-token"));
    assertTrue(sent.headers().get("authorization").contains(
        "Credential=AKIDEXAMPLE/20261123/eu-west-1/bedrock/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="),
        sent.headers().get("authorization"));
    assertFalse(sent.toString().contains("secret-value") || sent.toString().contains("session-token"));
  }

  @Test
  void shouldSendToAConfiguredEndpointWithItsPortInTheHost() throws Exception {
    BedrockSpec vpc = new BedrockSpec("eu-west-1", "KEY_ID", "SECRET", null, "http://127.0.0.1:8123/");

    UpstreamRequest sent = translate(vpc,
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals("http://127.0.0.1:8123/model/amazon.nova-lite-v1%3A0/converse-stream", sent.url());
    assertEquals("127.0.0.1:8123", sent.headers().get("host"));
    assertEquals("application/vnd.amazon.eventstream", sent.headers().get("accept"));
  }

  @Test
  void shouldNameAMissingCredentialNotItsValue() {
    MissingSecretException e = assertThrows(MissingSecretException.class, () -> Bedrock.chat(NOW).translateRequest(
        request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), SPEC, DEPLOYMENT,
        Secrets.of(Map.of("KEY_ID", "AKIDEXAMPLE"))));

    assertEquals("SECRET", e.variable());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true}|logprobs",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_object\"}}|response_format",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":2}|n",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"none\"}|tool_choice",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"auto\"}|tool_choice",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}|messages[0].content[0].image_url.url",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/tiff;base64,AAAA\"}}]}]}|messages[0].content[0].image_url.url",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}|messages[0].content[0].type",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}|messages",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]}|messages[0].tool_calls[0].function.arguments",
  })
  void shouldRefuseWhatConverseCannotExpressNamingTheParameter(String body, String param) {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> translate(SPEC, body));

    assertEquals(param, e.invalidRequest().param());
  }

  @Test
  void shouldNeverForwardGarbageAfterACorruptFrameSplitAnywhere() throws Exception {
    byte[] good = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
    byte[] bad = EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}");
    bad[bad.length - 6] ^= 0x20;
    byte[] stream = new byte[good.length + bad.length];
    System.arraycopy(good, 0, stream, 0, good.length);
    System.arraycopy(bad, 0, stream, good.length, bad.length);

    for (int cut = 0; cut <= stream.length; cut++) {
      Translator translator = Bedrock.chat(NOW);
      translator.translateRequest(request(
          "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), SPEC, DEPLOYMENT,
          SECRETS);
      StreamTranslator translated = translator.streamTranslator();
      String out = new String(translated.translate(Arrays.copyOfRange(stream, 0, cut)), StandardCharsets.UTF_8)
          + new String(translated.translate(Arrays.copyOfRange(stream, cut, stream.length)),
              StandardCharsets.UTF_8);
      StreamEnd end = translated.finish();

      assertFalse(out.contains("\"content\":\"x\""), "cut at " + cut);
      assertTrue(out.endsWith("\"code\":\"upstream_protocol_error\"}}\n\n"), "cut at " + cut + ": " + out);
      assertEquals("upstream_protocol_error", end.failure().code());
      assertEquals(0, end.bytes().length);
    }
  }

  private static UpstreamRequest translate(BedrockSpec spec, String body) throws InvalidRequestException {
    return Bedrock.chat(NOW).translateRequest(request(body), spec, DEPLOYMENT, SECRETS);
  }

  private static OpenAiRequest request(String body) throws InvalidRequestException {
    return OpenAiRequest.parse(OpenAiEndpoint.CHAT_COMPLETIONS, body.getBytes(StandardCharsets.UTF_8));
  }
}
