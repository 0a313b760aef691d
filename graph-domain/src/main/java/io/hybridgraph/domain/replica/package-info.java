/**
 * The replicated state and its conflict rules: versioned rows, the pair state that keeps the pair
 * invariant whatever order rows arrive in, and the write rule every device applies to its own
 * changes.
 */
package io.hybridgraph.domain.replica;
