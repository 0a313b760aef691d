/**
 * Adapter: the cloud copy on Cloudflare D1 over its REST API, fronted by D1Remote: the Feign client
 * and its error categories, the account budget, the versioned remote schema, packed merge upserts
 * and the change feed.
 */
package io.hybridgraph.d1;
