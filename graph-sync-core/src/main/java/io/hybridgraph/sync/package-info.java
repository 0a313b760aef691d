/**
 * Sync between the local store and the remote graph: its typed configuration here, its ports and
 * its services in the sub-packages.
 */
package io.hybridgraph.sync;
