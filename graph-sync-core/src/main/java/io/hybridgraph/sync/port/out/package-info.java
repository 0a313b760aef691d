/**
 * What sync needs from the application besides the domain's ports: preparing the remote before the
 * first request.
 */
package io.hybridgraph.sync.port.out;
