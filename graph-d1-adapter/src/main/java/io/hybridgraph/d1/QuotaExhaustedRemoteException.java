package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * D1 refused a query because the Cloudflare account has spent its daily quota of rows read or
 * written (Workers Free plan); nothing succeeds until the quota resets at 00:00 UTC, which {@link
 * #resetAt()} holds and {@link #retryAfter()} counts down to.
 */
final class QuotaExhaustedRemoteException extends RemoteGraphException.QuotaExhausted
    implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final ReplyDetails reply;

  QuotaExhaustedRemoteException(
      String message,
      int httpStatus,
      int errorCode,
      String remoteMessage,
      Limit limit,
      Instant resetAt,
      Duration retryAfter) {
    super(message, Failures.boxCode(errorCode), limit, resetAt, retryAfter, null);
    this.reply = new ReplyDetails(httpStatus, remoteMessage);
  }

  @Override
  public OptionalInt httpStatus() {
    return reply.httpStatus();
  }

  @Override
  public Optional<String> remoteMessage() {
    return reply.remoteMessage();
  }
}
