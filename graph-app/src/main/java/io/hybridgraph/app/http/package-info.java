/**
 * Adapter: the HTTP API (Javalin) with its request gate, routes, server-sent events, health and
 * Prometheus metrics, and the dashboard.
 */
package io.hybridgraph.app.http;
