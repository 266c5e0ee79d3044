package dev.tollgate.edge.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The upstream failure line: what it says, what it never says, and how often it is written. */
class UpstreamFailureLogTest {
  private static final String OPENAI_KEY = "sk-proj-AbCdEf0123456789xyz";

  @Test
  void shouldNameProviderDeploymentAttemptKindAndException() {
    String line = UpstreamFailureLog.line("openai", "gpt-4o@openai", 2,
        UpstreamFailureKind.cause(new ConnectException("Connection refused: /127.0.0.1:4711")), 0);

    assertEquals("upstream attempt failed: provider=openai deployment=gpt-4o@openai attempt=2 kind=connect_refused "
        + "error=java.net.ConnectException message=\"Connection refused: /127.0.0.1:4711\"", line);
  }

  @Test
  void shouldNeverCarryAQueryStringOrAnApiKey() {
    Throwable leaky = new IllegalStateException("failed POST https://generativelanguage.googleapis.com/v1beta/models/"
        + "gemini:generateContent?key=secret&alt=sse with Authorization: Bearer " + OPENAI_KEY
        + " and api_key=" + OPENAI_KEY + " and AIzaSyA1234567890abcdefghijklmnop\r\nforged line");

    String line = UpstreamFailureLog.line("gemini", "flash", 1, UpstreamFailureKind.cause(leaky), 0);

    assertFalse(line.contains("secret"), line);
    assertFalse(line.contains("key=secret"), line);
    assertFalse(line.contains("sk-proj"), line);
    assertFalse(line.contains("AbCdEf0123456789xyz"), line);
    assertFalse(line.contains("AIzaSy"), line);
    assertFalse(line.contains("\n") || line.contains("\r"), line);
    assertTrue(line.contains("https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?"),
        "the URL stays, without its query: " + line);
  }

  @Test
  void shouldRedactAKeyOutsideAnyUrlAndCutALongMessage() {
    assertEquals("token sk-[redacted] leaked", UpstreamFailureLog.redact("token " + OPENAI_KEY + " leaked"));
    assertEquals("", UpstreamFailureLog.redact(null));
    String cut = UpstreamFailureLog.redact("x".repeat(1_000));
    assertEquals(UpstreamFailureLog.MAX_MESSAGE_CHARS + 1, cut.length());
  }

  @Test
  void shouldWriteOneLinePerProviderAndKindPerWindowAndCountTheRest() {
    AtomicLong now = new AtomicLong(1_000);
    UpstreamFailureLog log = new UpstreamFailureLog(now::get);
    UpstreamFailureKind.Classified refused = UpstreamFailureKind.cause(new ConnectException("Connection refused"));
    UpstreamFailureKind.Classified timeout = UpstreamFailureKind.cause(new TimeoutException("while executing"));

    assertNotNull(log.admit("p1", "d1", 1, refused));
    assertNull(log.admit("p1", "d1", 2, refused));
    assertNull(log.admit("p1", "d2", 1, refused));
    assertNotNull(log.admit("p1", "d1", 1, timeout), "another kind has its own window");
    assertNotNull(log.admit("p2", "d3", 1, refused), "another provider has its own window");

    now.addAndGet(UpstreamFailureLog.WINDOW_NANOS);
    String next = log.admit("p1", "d1", 1, refused);
    assertNotNull(next);
    assertTrue(next.endsWith("(2 more like it suppressed in the last 10 s)"), next);
    assertNull(log.admit("p1", "d1", 1, refused));
  }
}
