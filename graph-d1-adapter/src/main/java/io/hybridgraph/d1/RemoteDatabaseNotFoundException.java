package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The configured D1 database (or the API route) does not exist (404, code 7404): the account id,
 * database id or base URL is wrong, or the database was deleted. Nothing succeeds until the
 * configuration is fixed.
 */
public final class RemoteDatabaseNotFoundException extends RemoteGraphException.AccessDenied
    implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final ReplyDetails reply;

  RemoteDatabaseNotFoundException(
      String message, int httpStatus, int errorCode, String remoteMessage) {
    super(message, Failures.boxCode(errorCode), null);
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
