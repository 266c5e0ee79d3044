package dev.tollgate.routing.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.routing.http.ApiError;
import dev.tollgate.routing.http.ApiException;
import dev.tollgate.schemas.route.ProviderRegistration;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationRequestTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void shouldReadPricesExactlyFromStringsAndNumbers() {
    ProviderRegistration r = parse("{\"id\":\"box-1\",\"base_url\":\"http://10.0.0.7:8000/v1\","
        + "\"models\":{\"llama\":\"llama3.1:8b\"},\"input_per_mtok_usd\":0.1,"
        + "\"output_per_mtok_usd\":\"0.30000000000000004\"}");

    assertEquals(new BigDecimal("0.1"), r.inputPerMtokUsd());
    assertEquals(new BigDecimal("0.30000000000000004"), r.outputPerMtokUsd());
    assertEquals(Map.of("llama", "llama3.1:8b"), r.models());
    assertEquals(RegistrationRequest.DEFAULT_TTL_SECONDS, r.ttlSeconds());
    assertEquals(1, r.capacity());
    assertEquals(NOW, r.renewedAt());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|id",
      "{\"id\":\"Bad Id\",\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|id",
      "{\"id\":\"b\",\"base_url\":\"ftp://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|base_url",
      "{\"id\":\"b\",\"base_url\":\"http://u:p@h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|base_url",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"models\":{},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|models",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"-1\",\"output_per_mtok_usd\":\"1\"}|input_per_mtok_usd",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"x\"}|output_per_mtok_usd",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\",\"ttl_seconds\":0}|ttl_seconds",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\",\"capacity\":1.5}|capacity",
      "{\"id\":\"b\",\"base_url\":\"http://h/v1\",\"api\":\"anthropic\",\"models\":{\"a\":\"b\"},\"input_per_mtok_usd\":\"1\",\"output_per_mtok_usd\":\"1\"}|api"})
  void shouldRefuseInvalidInputNamingTheField(String body, String param) {
    ApiException e = assertThrows(ApiException.class, () -> parse(body));

    assertEquals(param, assertInstanceOf(ApiError.InvalidRequest.class, e.error()).param());
  }

  @Test
  void shouldAcceptOnlyTheConfiguredBearerToken() {
    AdminToken token = AdminToken.of("s3cret").orElseThrow();

    assertTrue(token.accepts("Bearer s3cret"));
    assertTrue(token.accepts("bearer s3cret"));
    assertFalse(token.accepts("Bearer s3cre"));
    assertFalse(token.accepts("s3cret"));
    assertFalse(token.accepts(null));
    assertTrue(AdminToken.of(" ").isEmpty());
    assertFalse(token.toString().contains("s3cret"));
  }

  private static ProviderRegistration parse(String json) {
    return RegistrationRequest.parse(json.getBytes(StandardCharsets.UTF_8), NOW, null);
  }
}
