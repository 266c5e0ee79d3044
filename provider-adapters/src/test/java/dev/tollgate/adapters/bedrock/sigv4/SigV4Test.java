package dev.tollgate.adapters.bedrock.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against AWS's published SigV4 test suite (credentials {@code AKIDEXAMPLE}, region {@code us-east-1}, service
 * {@code service}, time {@code 20150830T123600Z}), and one Bedrock-shaped request.
 */
class SigV4Test {
  private static final AwsCredentials SUITE =
      new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  private static final Clock SUITE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
  private static final SigV4 SIGNER = new SigV4("us-east-1", "service", SUITE_TIME);
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String STS_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFq"
      + "wAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT"
      + "7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8"
      + "fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

  @Test
  void getVanilla() {
    Map<String, String> signed = SIGNER.sign("GET", "/", "", host(), new byte[0], SUITE);

    assertEquals("20150830T123600Z", signed.get("x-amz-date"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date, "
        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signed.get("authorization"));
  }

  @Test
  void getVanillaCanonicalRequestAndStringToSign() {
    Map<String, String> headers = host();
    headers.put("x-amz-date", "20150830T123600Z");

    String canonical = SigV4.canonicalRequest("GET", "/", "", headers, EMPTY_SHA256);

    assertEquals("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + EMPTY_SHA256, canonical);
    assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
        SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
  }

  @Test
  void postVanilla() {
    Map<String, String> signed = SIGNER.sign("POST", "/", "", host(), new byte[0], SUITE);

    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date, "
        + "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", signed.get("authorization"));
  }

  @Test
  void postXWwwFormUrlencoded() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("Host", "example.amazonaws.com");

    Map<String, String> signed = SIGNER.sign("POST", "/", "", headers,
        "Param1=value1".getBytes(StandardCharsets.UTF_8), SUITE);

    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, "
        + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", signed.get("authorization"));
  }

  @Test
  void getVanillaQueryOrderKeyCase() {
    Map<String, String> signed = SIGNER.sign("GET", "/", "Param2=value2&Param1=value1", host(), new byte[0], SUITE);

    assertEquals("Param1=value1&Param2=value2", SigV4.canonicalQuery("Param2=value2&Param1=value1"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date, "
        + "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", signed.get("authorization"));
  }

  @Test
  void queryWithTheSameKeyTwiceIsSortedByValue() {
    assertEquals("Param1=Value1&Param1=value2", SigV4.canonicalQuery("Param1=value2&Param1=Value1"));
  }

  @Test
  void postStsHeaderBefore() {
    AwsCredentials temporary = new AwsCredentials(SUITE.accessKeyId(), SUITE.secretAccessKey(), STS_TOKEN);

    Map<String, String> signed = SIGNER.sign("POST", "/", "", host(), new byte[0], temporary);

    assertEquals(STS_TOKEN, signed.get("x-amz-security-token"));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
        + "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", signed.get("authorization"));
  }

  @Test
  void bedrockModelIdsAreEncodedTwiceInTheCanonicalUri() {
    assertEquals("/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse",
        SigV4.canonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
  }

  @Test
  void bedrockShapedRequest() {
    SigV4 bedrock = new SigV4("eu-west-1", "bedrock",
        Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("host", "bedrock-runtime.eu-west-1.amazonaws.com");
    byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"
        .getBytes(StandardCharsets.UTF_8);

    Map<String, String> signed = bedrock.sign("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "",
        headers, body, SUITE);

    // computed independently (Python's hmac and hashlib) from the canonical request below
    assertEquals("POST\n/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n\n"
        + "content-type:application/json\nhost:bedrock-runtime.eu-west-1.amazonaws.com\nx-amz-date:20261123T100000Z\n\n"
        + "content-type;host;x-amz-date\n" + SigV4.sha256Hex(body),
        SigV4.canonicalRequest("POST", "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse", "",
            Map.of("content-type", "application/json", "host", "bedrock-runtime.eu-west-1.amazonaws.com",
                "x-amz-date", "20261123T100000Z"), SigV4.sha256Hex(body)));
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/bedrock/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, Signature=36fcc58a3724bd94052ace2ca3dbb5d02432c6ffe6bd795e4f13e16b21d8ac62", signed.get("authorization"));
  }

  @Test
  void credentialsNeverShowTheirSecrets() {
    String shown = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI", "token-123").toString();

    assertFalse(shown.contains("wJalrXUtnFEMI") || shown.contains("token-123"), shown);
  }

  private static Map<String, String> host() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "example.amazonaws.com");
    return headers;
  }
}
