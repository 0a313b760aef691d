package io.hybridgraph.d1;

import io.hybridgraph.domain.port.out.RemoteGraphException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What every D1 adapter failure keeps of D1's reply, beside the domain category it belongs to
 * ({@link RemoteGraphException.Unavailable}, {@link RemoteGraphException.Rejected}, {@link
 * RemoteGraphException.AccessDenied} or {@link RemoteGraphException.Full}) and D1's error code
 * ({@link RemoteGraphException#code()}). No message ever contains the API token.
 *
 * <ul>
 *   <li>{@link RetryableRemoteException}: try again later (after {@code retryAfter} if given);
 *   <li>{@link RejectedRemoteException}: D1 will never accept this request as it is; park it;
 *   <li>{@link RemoteAuthenticationException}: fix the API token or its permissions;
 *   <li>{@link RemoteDatabaseNotFoundException}: fix the account id, database id or base URL;
 *   <li>{@link RemoteCapacityException}: free space in the database or raise the size limit.
 * </ul>
 */
interface D1Failure {

  /** The HTTP status of D1's reply; empty when no reply arrived (timeout, reset, refused). */
  OptionalInt httpStatus();

  /** D1's own error message, if it gave one. */
  Optional<String> remoteMessage();
}
