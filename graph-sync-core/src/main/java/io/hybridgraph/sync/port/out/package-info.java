/**
 * What sync needs from the application besides the domain's ports: preparing the remote before the
 * first request, and advice on what to fix when the remote refuses access.
 */
package io.hybridgraph.sync.port.out;
