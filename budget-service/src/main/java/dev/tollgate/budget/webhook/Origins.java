package dev.tollgate.budget.webhook;

import java.net.URI;

/**
 * What of a webhook URL may be logged: its scheme, host and port. Webhook URLs often carry a secret in their path or
 * query (chat-tool incoming webhooks do), so the rest never reaches a log.
 */
final class Origins {

  private Origins() {}

  static String of(URI url) {
    String host = url.getHost() == null ? "?" : url.getHost();
    return url.getScheme() + "://" + host + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }
}
