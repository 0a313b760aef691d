/** Runnable benchmarks that print their figures next to their goals; see docs/benchmarks.md. */
package io.hybridgraph.benchmarks;
