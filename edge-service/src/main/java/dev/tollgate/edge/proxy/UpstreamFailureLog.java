package dev.tollgate.edge.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARN line the edge writes when an upstream attempt fails to connect or to answer: provider, deployment,
 * attempt, {@link UpstreamFailureKind kind}, the exception's class and a redacted message. At most one line per
 * provider and kind per {@link #WINDOW_NANOS}; the next one says how many were suppressed, so an outage cannot
 * flood the log. Shared by every event loop.
 */
final class UpstreamFailureLog {
  /** One line per provider and kind per ten seconds. */
  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Messages are cut here: an exception message is for a human, not a dump. */
  static final int MAX_MESSAGE_CHARS = 300;
  /** The one the edge uses. */
  static final UpstreamFailureLog SHARED = new UpstreamFailureLog(System::nanoTime);

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailureLog.class);
  private static final long SUPPRESS = -1;

  // anything after a '?' up to whitespace: the query strings of URL-like text (a Gemini ?key=, a signed URL)
  private static final Pattern QUERY = Pattern.compile("\\?[^\\s]*");
  private static final Pattern OPENAI_KEY = Pattern.compile("sk-[A-Za-z0-9_\\-]+");
  private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]+");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
  private static final Pattern ASSIGNED_SECRET =
      Pattern.compile("(?i)(api[-_]?key|key|token|secret|password|authorization)(\\s*[=:]\\s*)\\S+");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  UpstreamFailureLog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Logs one failed attempt, unless a line for this provider and kind was written within the window. */
  void failed(String provider, String deployment, int attempt, Throwable failure) {
    UpstreamFailureKind.Classified cause = UpstreamFailureKind.cause(failure);
    String line = admit(provider, deployment, attempt, cause);
    if (line != null) {
      LOG.warn(line);
    }
  }

  /** The line to write now for this failure, or null when it is suppressed. */
  String admit(String provider, String deployment, int attempt, UpstreamFailureKind.Classified cause) {
    long suppressed = windows.computeIfAbsent(provider + '\u0000' + cause.kind().label(), k -> new Window())
        .admit(nanoClock.getAsLong());
    return suppressed == SUPPRESS ? null : line(provider, deployment, attempt, cause, suppressed);
  }

  /** The log line, redacted: no query strings, no API keys, no control characters. */
  static String line(String provider, String deployment, int attempt, UpstreamFailureKind.Classified cause,
      long suppressed) {
    Throwable e = cause.exception();
    StringBuilder out = new StringBuilder(160).append("upstream attempt failed: provider=").append(clean(provider))
        .append(" deployment=").append(clean(deployment)).append(" attempt=").append(attempt)
        .append(" kind=").append(cause.kind().label()).append(" error=").append(e.getClass().getName())
        .append(" message=\"").append(redact(e.getMessage())).append('"');
    if (suppressed > 0) {
      out.append(" (").append(suppressed).append(" more like it suppressed in the last ")
          .append(TimeUnit.NANOSECONDS.toSeconds(WINDOW_NANOS)).append(" s)");
    }
    return out.toString();
  }

  /** {@code text} without query strings, API keys, credentials or control characters, and not too long. */
  static String redact(String text) {
    if (text == null) {
      return "";
    }
    String out = CONTROL.matcher(text).replaceAll(" ");
    out = QUERY.matcher(out).replaceAll("?[redacted]");
    out = BEARER.matcher(out).replaceAll("Bearer [redacted]");
    out = ASSIGNED_SECRET.matcher(out).replaceAll("$1$2[redacted]");
    out = OPENAI_KEY.matcher(out).replaceAll("sk-[redacted]");
    out = GOOGLE_KEY.matcher(out).replaceAll("[redacted]");
    out = out.replace('"', '\'');
    return out.length() <= MAX_MESSAGE_CHARS ? out : out.substring(0, MAX_MESSAGE_CHARS) + "…";
  }

  private static String clean(String id) {
    return id == null ? "" : CONTROL.matcher(id).replaceAll(" ");
  }

  /** One provider and kind's current window: when its line was written, and how many were held back since. */
  private static final class Window {
    private long loggedAt;
    private boolean logged;
    private long suppressed;

    /** The count suppressed before this line when it may be written, else {@link #SUPPRESS}. */
    synchronized long admit(long now) {
      if (logged && now - loggedAt < WINDOW_NANOS) {
        suppressed++;
        return SUPPRESS;
      }
      long held = suppressed;
      logged = true;
      loggedAt = now;
      suppressed = 0;
      return held;
    }
  }
}
