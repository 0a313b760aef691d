package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Cloudflare refused the API token (401/403, code 10000 or 7403): it is wrong, expired, lacks the
 * D1 permission the call needs (the message names it), or is not valid for the account. Nothing
 * succeeds until the configuration is fixed.
 */
public final class RemoteAuthenticationException extends RemoteGraphException.AccessDenied
    implements D1Failure {

  private static final long serialVersionUID = 1L;

  private final ReplyDetails reply;

  RemoteAuthenticationException(
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
