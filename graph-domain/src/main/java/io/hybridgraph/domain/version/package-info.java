/**
 * Versions of replicated rows: hybrid logical clocks, the device ids that break their ties, and
 * causal lengths.
 */
package io.hybridgraph.domain.version;
