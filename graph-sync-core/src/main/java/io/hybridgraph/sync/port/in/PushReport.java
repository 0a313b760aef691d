package io.hybridgraph.sync.port.in;

/**
 * What a push round did: rows the cloud acknowledged, rows parked, rows that failed and stay
 * queued, and the queue depth left.
 */
public record PushReport(int pushed, int parked, int failed, long remaining) {}
