/**
 * Incoming ports: the use cases the command line and the HTTP API call, with self-validating query
 * records that hold their limits.
 */
package io.hybridgraph.domain.port.in;
