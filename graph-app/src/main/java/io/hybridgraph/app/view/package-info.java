/**
 * The JSON shapes of answers, shared by the HTTP API and the command line so both say the same
 * thing.
 */
package io.hybridgraph.app.view;
