/** Starts and stops the local D1 engine (local-d1/, Node 20) for the demo and the tests. */
package io.hybridgraph.d1.local;
