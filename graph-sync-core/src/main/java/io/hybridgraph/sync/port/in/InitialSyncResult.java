package io.hybridgraph.sync.port.in;

import java.time.Duration;

/** What an initial sync did: rows uploaded and downloaded, rows the cloud rejected, time taken. */
public record InitialSyncResult(long uploaded, long downloaded, int rejected, Duration elapsed) {}
