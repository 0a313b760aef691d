/**
 * The domain service behind the graph use cases: reads from the local index, writes through the
 * local store, and tells a listener of every committed local change.
 */
package io.hybridgraph.domain.service;
