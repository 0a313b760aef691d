/**
 * The association model: validated value types (memory hashes, similarity, relationship types and
 * their symmetry, connection types, bounded metadata) and the keys of rows and pairs.
 */
package io.hybridgraph.domain.model;
