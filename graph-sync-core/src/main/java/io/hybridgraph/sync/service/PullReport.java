package io.hybridgraph.sync.service;

/**
 * What a pull round did: rows pulled, how many of them changed this device, the cursor after it,
 * and whether it stopped on a failure.
 */
record PullReport(int pulled, int changed, long cursor, boolean failed) {}
