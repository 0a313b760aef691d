package io.hybridgraph.sync.port.out;

import io.hybridgraph.domain.port.out.RemoteGraphException;

/**
 * Says what a person should fix when the remote refuses this device's access (a wrong, expired or
 * revoked token; an unknown database), in the application's own terms: the settings to change.
 * Shown in the sync status while sync is held.
 */
@FunctionalInterface
public interface AccessAdvice {

  /** What to fix, for example {@code "set CLOUDFLARE_API_TOKEN to a token with ..."}. */
  String fix(RemoteGraphException.AccessDenied refusal);
}
