package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * D1 refused the request and will refuse it again as it is: an SQL error (code 7500, for example a
 * constraint or "too many SQL variables"), a value over D1's size limits, a request that is too
 * large, or a reply saying {@code success: false} for a reason that is not transient. Retrying does
 * not help; park what was sent, with this message, and go on.
 */
final class RejectedRemoteException extends RemoteGraphException.Rejected implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final ReplyDetails reply;

  public RejectedRemoteException(
      String message, int httpStatus, int errorCode, String remoteMessage, Throwable cause) {
    super(message, Failures.boxCode(errorCode), cause);
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
