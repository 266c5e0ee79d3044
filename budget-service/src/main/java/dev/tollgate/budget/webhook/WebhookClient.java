package dev.tollgate.budget.webhook;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one alert to a webhook as JSON, with the header {@value #IDEMPOTENCY_KEY} set to its alert id, and retries
 * with {@link Backoff} up to the settings' attempts. A 2xx is delivered; a connection failure, a timeout, 408, 429
 * and 5xx are retried; any other status is given up at once (the receiver refused the alert, another try would
 * not change that). Giving up is logged once at WARN with the budget, the alert id and the webhook's origin only.
 */
final class WebhookClient {

  /** The header that lets a receiver drop an alert it already has. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);

  private final HttpClient http;
  private final WebhookSettings settings;
  private final Backoff backoff;

  WebhookClient(WebhookSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Delivers the alert, retrying as configured.
   *
   * @param url the budget's webhook
   * @param alert the alert
   * @return completes with whether it was delivered; never fails
   */
  CompletableFuture<Boolean> deliver(String url, BudgetAlert alert) {
    URI target;
    try {
      target = URI.create(url);
      if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("budget {}: alert {} not delivered, its webhook_url is not an http(s) URL", alert.budgetId(),
          alert.alertId());
      return CompletableFuture.completedFuture(false);
    }
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .header(IDEMPOTENCY_KEY, alert.alertId())
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(alert)))
        .build();
    return attempt(request, alert, 1);
  }

  private CompletableFuture<Boolean> attempt(HttpRequest request, BudgetAlert alert, int attempt) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> {
          if (failure == null && response.statusCode() / 100 == 2) {
            return CompletableFuture.completedFuture(true);
          }
          String outcome = failure == null ? "status " + response.statusCode() : describe(failure);
          boolean retryable = failure != null || retryable(response.statusCode());
          if (retryable && attempt < settings.maxAttempts()) {
            Duration delay = backoff.before(attempt);
            return CompletableFuture.supplyAsync(() -> null,
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> attempt(request, alert, attempt + 1));
          }
          LOG.warn("budget {}: gave up on alert {} after {} attempt(s) to {}: {}", alert.budgetId(),
              alert.alertId(), attempt, Origins.of(request.uri()), outcome);
          return CompletableFuture.completedFuture(false);
        })
        .thenCompose(next -> next);
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The failure's type only: messages of the HTTP client may quote the whole URL. */
  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause.getClass().getSimpleName();
  }
}
