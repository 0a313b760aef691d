package io.hybridgraph.sync.port.in;

import java.time.Duration;

/**
 * What a drift check found and did: buckets compared and differing, rows read from the cloud, rows
 * pushed and merged by a repair, whether it repaired, time taken.
 */
public record DriftReport(
    int bucketsCompared,
    int bucketsDiffering,
    long rowsRead,
    int pushed,
    int merged,
    boolean repaired,
    Duration elapsed) {

  /** Rows moved over the network: read from the cloud plus pushed to it. */
  public long rowsMoved() {
    return rowsRead + pushed;
  }
}
