/**
 * The runnable application: opens the configured store and sync in one Guice injector, starts the
 * HTTP server, and checks the setup (doctor).
 */
package io.hybridgraph.app;
