/**
 * The sync services: pusher, puller, remote hold, initial sync, drift detector and the one
 * lifecycle owner, over a typed ledger of sync state, wired by Guice modules.
 */
package io.hybridgraph.sync.service;
