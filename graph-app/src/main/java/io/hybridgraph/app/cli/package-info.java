/**
 * Adapter: the command line (picocli), one command class per verb, calling the use cases and the
 * sync port.
 */
package io.hybridgraph.app.cli;
