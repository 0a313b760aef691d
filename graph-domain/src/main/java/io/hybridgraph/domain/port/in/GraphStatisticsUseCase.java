package io.hybridgraph.domain.port.in;

import io.hybridgraph.domain.graph.GraphStatistics;

/** Summarises this device's graph. */
public interface GraphStatisticsUseCase {

  GraphStatistics statistics();
}
