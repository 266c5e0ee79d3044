package dev.tollgate.edge.proxy;

import dev.tollgate.adapters.Adapters;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.MissingSecretException;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.ProviderApi;
import dev.tollgate.adapters.StreamEnd;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UnsupportedProviderException;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.Usage;
import dev.tollgate.edge.http.GatewayError;
import dev.tollgate.edge.http.OpenAiErrors;
import dev.tollgate.edge.route.RoutePlan.Attempt;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.UsageEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one request's route plan: tries each deployment in order until one answers, fails over only while
 * nothing has reached the client and within {@link FailoverSettings}, streams the answer chunk by chunk with
 * back-pressure both ways, cancels the upstream when the client goes away, and records exactly one usage event for
 * the request (plus one zero-token event per failed-over attempt, so the routing service's health sees failures the
 * client never did). Confined to one event loop.
 */
final class ProxyCall {
  /** What the SDKs expect when the client closed first (nginx's convention; never sent, only recorded). */
  static final int CLIENT_CLOSED = 499;

  private static final Logger LOG = LoggerFactory.getLogger(ProxyCall.class);

  private final HttpServerResponse response;
  private final OpenAiRequest request;
  private final List<Attempt> plan;
  private final CallRecord record;
  private final Upstream upstream;
  private final Settlement settlement;
  private int next;
  private HttpClientRequest inFlight;
  private StreamTranslator stream;
  private boolean committed;
  private boolean finished;
  private Integer failedOverStatus;
  private long firstAttemptNanos;

  ProxyCall(HttpServerResponse response, OpenAiRequest request, List<Attempt> plan, CallRecord record,
      Upstream upstream, Settlement settlement) {
    this.settlement = settlement;
    this.response = response;
    this.request = request;
    this.plan = plan;
    this.record = record;
    this.upstream = upstream;
  }

  void start() {
    // the deadline bounds the attempts, not the time the request spent in the edge's own gates
    firstAttemptNanos = System.nanoTime();
    response.closeHandler(v -> clientGone());
    tryNext(new GatewayError.NoDeployment(request.model()));
  }

  private void tryNext(GatewayError lastFailure) {
    if (finished) {
      return;
    }
    if (next >= plan.size() || record.attempts() >= upstream.failover().maxAttempts()) {
      fail(lastFailure);
      return;
    }
    if (remainingMillis() <= 0) {
      fail(new GatewayError.UpstreamUnreachable(true));
      return;
    }
    if (failedOverStatus != null) {
      // the failed attempt is reported on its own, so the deployment's health sees a failure the client never did
      upstream.usage().accept(record.failedAttemptEvent(failedOverStatus));
      failedOverStatus = null;
    }
    Attempt attempt = plan.get(next++);
    record.attempting(attempt);
    if (record.attempts() > 1) {
      settlement.metrics().failedOver(request.model());
    }
    Translator translator;
    try {
      translator = Adapters.forEndpoint(request.endpoint(), ProviderApi.of(attempt.provider().spec()));
    } catch (UnsupportedProviderException e) {
      LOG.warn("deployment {} cannot serve {}: {}", attempt.deployment().id(), request.endpoint(), e.getMessage());
      tryNext(new GatewayError.NoDeployment(request.model()));
      return;
    }
    upstream.upstreams().spec(attempt.provider()).onComplete(spec -> {
      if (spec.failed()) {
        unreachable(spec.cause());
      } else {
        send(attempt, translator, spec.result());
      }
    });
  }

  private void send(Attempt attempt, Translator translator, ProviderSpec spec) {
    UpstreamRequest outgoing;
    try {
      outgoing = translator.translateRequest(request, spec, attempt.deployment(), upstream.secrets());
    } catch (InvalidRequestException e) {
      fail(new GatewayError.InvalidRequest(e.getMessage(), e.invalidRequest().param()));
      return;
    } catch (MissingSecretException e) {
      LOG.warn("provider {} is not usable: {}", attempt.provider().id(), e.getMessage());
      tryNext(new GatewayError.UpstreamUnreachable(false));
      return;
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(outgoing.method()))
        .setAbsoluteURI(outgoing.url())
        .setIdleTimeout(Math.max(1, Math.min(upstream.failover().idleTimeout().toMillis(), remainingMillis())));
    outgoing.headers().forEach(options::putHeader);
    upstream.client().request(options)
        .compose(req -> {
          inFlight = req;
          return req.send(Buffer.buffer(outgoing.body()));
        })
        .onComplete(answer -> {
          if (answer.failed()) {
            unreachable(answer.cause());
          } else if (!finished) {
            onResponse(translator, answer.result());
          }
        });
  }

  private void onResponse(Translator translator, HttpClientResponse answer) {
    if (request.stream() && answer.statusCode() / 100 == 2) {
      stream(translator.streamTranslator(), answer);
      return;
    }
    answer.body().onComplete(body -> {
      if (finished) {
        return;
      }
      if (body.failed()) {
        unreachable(body.cause());
        return;
      }
      TranslatedResponse translated =
          translator.translateResponse(answer.statusCode(), answer::getHeader, body.result().getBytes());
      if (translated instanceof TranslatedResponse.Success success) {
        respond(success);
      } else {
        UpstreamFailure failure = (UpstreamFailure) translated;
        GatewayError error = new GatewayError.UpstreamFailed(failure);
        if (failure.retryable()) {
          countErrorAnswer();
          failedOver(error);
        } else {
          fail(error);
        }
      }
    });
  }

  /** The current attempt could not reach its provider or hear its answer: say why, count it, fail over. */
  private void unreachable(Throwable cause) {
    if (finished) {
      return;
    }
    failedOver(new GatewayError.UpstreamUnreachable(isTimeout(noteFailure(cause))));
  }

  /** Logs (rate-limited) and counts the current attempt's failure; its kind. */
  private UpstreamFailureKind noteFailure(Throwable cause) {
    Attempt attempt = record.attempt();
    UpstreamFailureKind kind = UpstreamFailureKind.of(cause);
    settlement.metrics().upstreamFailed(attempt.provider().id(), kind.label());
    UpstreamFailureLog.SHARED.failed(attempt.provider().id(), attempt.deployment().id(), record.attempts(), cause);
    return kind;
  }

  /** Counts a retryable error answer (5xx, 429) that the edge fails over from; the usage event has its status. */
  private void countErrorAnswer() {
    settlement.metrics().upstreamFailed(record.attempt().provider().id(), UpstreamFailureKind.ERROR_STATUS.label());
  }

  /** The current attempt failed before anything reached the client: on to the next, if any is left. */
  private void failedOver(GatewayError failure) {
    if (finished) {
      return;
    }
    failedOverStatus = failure instanceof GatewayError.UpstreamFailed f ? f.failure().status()
        : failure instanceof GatewayError.UpstreamUnreachable u && u.timedOut() ? 504 : 502;
    tryNext(failure);
  }

  /** What is left of the request's deadline. */
  private long remainingMillis() {
    return upstream.failover().deadline().toMillis() - (System.nanoTime() - firstAttemptNanos) / 1_000_000;
  }

  private void respond(TranslatedResponse.Success success) {
    finished = true;
    response.setStatusCode(200).putHeader("content-type", "application/json");
    deploymentHeaders();
    record.firstByte();
    response.end(Buffer.buffer(success.body()));
    emit(Outcome.OK, 200, success.usage());
  }

  private void stream(StreamTranslator translator, HttpClientResponse answer) {
    stream = translator;
    // events of an answer this call has failed over from are stale: they must never reach the client or end the
    // next attempt's stream
    answer.handler(chunk -> {
      if (finished || stream != translator) {
        return;
      }
      byte[] out = translator.translate(chunk.getBytes());
      if (out.length > 0) {
        write(out);
      }
      if (response.writeQueueFull()) {
        // a slow client: stop reading the provider until the client has taken what we sent
        answer.pause();
        response.drainHandler(v -> answer.resume());
      }
    });
    answer.exceptionHandler(cause -> {
      if (stream == translator) {
        endStream(cause);
      }
    });
    answer.endHandler(v -> {
      if (stream == translator) {
        endStream(null);
      }
    });
  }

  /** The stream ended, normally or ({@code cause} not null) because the connection failed or went silent. */
  private void endStream(Throwable cause) {
    if (finished) {
      return;
    }
    if (cause != null) {
      noteFailure(cause);
    }
    StreamEnd end = stream.finish();
    if (!committed && end.failure() != null && end.failure().retryable()) {
      // nothing reached the client yet: another deployment may still answer
      stream = null;
      if (cause == null) {
        countErrorAnswer();
      }
      failedOver(new GatewayError.UpstreamFailed(end.failure()));
      return;
    }
    finished = true;
    if (end.bytes().length > 0) {
      write(end.bytes());
    } else if (!committed) {
      commit();
    }
    response.end();
    emit(end.failure() == null ? Outcome.OK : Outcome.UPSTREAM_ERROR, 200, end.usage());
  }

  private void write(byte[] bytes) {
    if (!committed) {
      commit();
    }
    record.firstByte();
    response.write(Buffer.buffer(bytes));
  }

  private void commit() {
    committed = true;
    response.setStatusCode(200).setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    deploymentHeaders();
  }

  private void deploymentHeaders() {
    response.putHeader("x-tollgate-deployment", record.attempt().deployment().id())
        .putHeader("openai-processing-ms", Long.toString(record.elapsedMs()));
  }

  private void fail(GatewayError error) {
    finished = true;
    OpenAiErrors.send(response, error);
    Outcome outcome = error instanceof GatewayError.InvalidRequest || error instanceof GatewayError.NoDeployment
        ? Outcome.REJECTED : Outcome.UPSTREAM_ERROR;
    emit(outcome, response.getStatusCode(), null);
  }

  private void clientGone() {
    if (finished) {
      return;
    }
    finished = true;
    if (inFlight != null) {
      inFlight.reset();
    }
    Usage usage = stream == null ? null : stream.finish().usage();
    emit(Outcome.CLIENT_CANCELLED, CLIENT_CLOSED, usage);
  }

  private void emit(Outcome outcome, int status, Usage usage) {
    UsageEvent event = record.toEvent(outcome, status, usage);
    upstream.usage().accept(event);
    settlement.settle(event, usage);
  }

  /** A 504 rather than a 502: the provider, or the way to it, was too slow rather than refusing. */
  private static boolean isTimeout(UpstreamFailureKind kind) {
    return kind == UpstreamFailureKind.CONNECT_TIMEOUT || kind == UpstreamFailureKind.RESPONSE_TIMEOUT
        || kind == UpstreamFailureKind.POOL_TIMEOUT;
  }
}
