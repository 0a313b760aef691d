/**
 * The incoming port of sync: control, status, reports and events, as the command line and the HTTP
 * API see them.
 */
package io.hybridgraph.sync.port.in;
