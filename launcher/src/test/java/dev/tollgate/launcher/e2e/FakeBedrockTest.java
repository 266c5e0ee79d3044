package dev.tollgate.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.adapters.bedrock.sigv4.AwsCredentials;
import dev.tollgate.adapters.bedrock.sigv4.SigV4;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake refuses what Bedrock would: it really checks signatures, so the end-to-end test's passes mean something. */
class FakeBedrockTest {
  private static final AwsCredentials KEY = new AwsCredentials("AKIDEXAMPLE", "fake-secret", null);
  private static final String PATH = "/model/amazon.nova-lite-v1%3A0/converse";
  private static final byte[] BODY = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldAnswerASignedRequestAndRefuseATamperedOne() throws Exception {
    try (FakeBedrock fake = new FakeBedrock("AKIDEXAMPLE", "fake-secret", "us-east-1")) {
      Map<String, String> signed = sign(fake, Clock.systemUTC(), KEY);

      assertEquals(200, send(fake, signed, BODY));
      assertEquals(403, send(fake, signed, "{\"messages\":[1]}".getBytes(StandardCharsets.UTF_8)));
      assertEquals(403, send(fake, sign(fake, Clock.systemUTC(), new AwsCredentials("AKIDEXAMPLE", "other", null)),
          BODY));
      assertEquals(403, send(fake, sign(fake, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)), KEY), BODY));
      assertEquals(List.of(PATH), fake.verifiedPaths());
      assertEquals(List.of("signature mismatch", "signature mismatch", "signed at "),
          fake.refusals().stream().map(r -> r.startsWith("signed at ") ? "signed at " : r).toList());
    }
  }

  private static Map<String, String> sign(FakeBedrock fake, Clock clock, AwsCredentials key) {
    return new SigV4("us-east-1", "bedrock", clock).sign("POST", PATH, "",
        Map.of("host", "127.0.0.1:" + fake.port(), "content-type", "application/json"), BODY, key);
  }

  private static int send(FakeBedrock fake, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + PATH))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, value) -> {
      if (!name.equals("host")) { // restricted in the JDK client, which sends the same value itself
        request.header(name, value);
      }
    });
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
