package io.hybridgraph.app;

import io.hybridgraph.app.config.SyncSettings;
import io.hybridgraph.d1.RemoteDatabaseNotFoundException;
import io.hybridgraph.domain.port.out.RemoteGraphException;
import io.hybridgraph.sync.port.out.AccessAdvice;

/**
 * What to fix when D1 refuses this device, naming the settings to change: told by {@code doctor}
 * and by the status of a sync held for it.
 */
final class CloudAdvice implements AccessAdvice {

  /** The token is wrong, expired, revoked or lacks the permission. */
  static final String TOKEN_FIX =
      "create a Cloudflare API token with the Account > D1 > Edit permission and set "
          + SyncSettings.API_TOKEN;

  /** The account or database id (or the endpoint) names no database. */
  static final String DATABASE_FIX =
      "check "
          + SyncSettings.ACCOUNT_ID
          + " and "
          + SyncSettings.DATABASE_ID
          + " (wrangler d1 list shows the ids)";

  @Override
  public String fix(RemoteGraphException.AccessDenied refusal) {
    return refusal instanceof RemoteDatabaseNotFoundException ? DATABASE_FIX : TOKEN_FIX;
  }
}
