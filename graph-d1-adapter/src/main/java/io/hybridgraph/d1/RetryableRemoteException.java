package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A transient D1 failure: rate limited (429), timed out (408, or no complete reply in time),
 * conflict (409), a server error (5xx), a lost or malformed reply, or an error D1 documents as
 * transient. The same request may succeed later; when D1 said when ({@code Retry-After}), {@link
 * #retryAfter()} holds it. A request is one transaction, so it was applied fully or not at all;
 * re-sending an idempotent push is safe.
 */
final class RetryableRemoteException extends RemoteGraphException.Unavailable implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final ReplyDetails reply;

  /**
   * @param httpStatus the reply's HTTP status, or 0 when no reply arrived
   * @param errorCode D1's error code, or 0 when none
   * @param remoteMessage D1's error message, or null
   * @param retryAfter how long D1 asked to wait, or null
   */
  public RetryableRemoteException(
      String message,
      int httpStatus,
      int errorCode,
      String remoteMessage,
      Duration retryAfter,
      Throwable cause) {
    super(message, Failures.boxCode(errorCode), retryAfter, cause);
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
