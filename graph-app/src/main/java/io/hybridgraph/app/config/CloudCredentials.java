package io.hybridgraph.app.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where the cloud copy lives and how to reach it: the same three variables the Python memory
 * service uses, plus the API endpoint (Cloudflare's by default, or a local D1). The token is never
 * shown: {@link #toString()} masks it.
 */
public record CloudCredentials(String accountId, String databaseId, String apiToken, URI endpoint) {

  public CloudCredentials {
    Objects.requireNonNull(accountId, "account id");
    Objects.requireNonNull(databaseId, "database id");
    Objects.requireNonNull(apiToken, "api token");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** The token as logs and status show it: hidden entirely, not even its length. */
  public String maskedToken() {
    return apiToken.isEmpty() ? "(empty)" : "****";
  }

  @Override
  public String toString() {
    return "CloudCredentials[accountId="
        + accountId
        + ", databaseId="
        + databaseId
        + ", apiToken="
        + maskedToken()
        + ", endpoint="
        + endpoint
        + "]";
  }
}
