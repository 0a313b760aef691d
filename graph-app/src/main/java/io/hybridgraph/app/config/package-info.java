/**
 * The one home of configuration: reads the environment and .env, validates every setting where it
 * is read, and names the variable in each error.
 */
package io.hybridgraph.app.config;
