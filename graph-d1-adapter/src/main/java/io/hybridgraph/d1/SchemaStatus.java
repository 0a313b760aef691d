package io.hybridgraph.d1;

import java.util.List;

/**
 * The remote schema's version and what the last {@link RemoteSchema#migrate()} did.
 *
 * @param currentVersion the version D1 holds (0 for an empty database)
 * @param latestVersion the newest version this build knows
 * @param appliedNow versions this call applied (others may have been applied by another device)
 * @param actions what was done, one line each, for logs and {@code doctor}
 */
record SchemaStatus(
    int currentVersion, int latestVersion, List<Integer> appliedNow, List<String> actions) {

  public SchemaStatus {
    appliedNow = List.copyOf(appliedNow);
    actions = List.copyOf(actions);
  }

  public boolean isUpToDate() {
    return currentVersion == latestVersion;
  }
}
