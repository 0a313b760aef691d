package io.hybridgraph.app;

import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import java.util.Objects;

/**
 * The graph's use cases as the edges (command line, HTTP API, demo) call them: the domain's
 * incoming ports, whatever implements them behind. Reads are local; writes are local and wake sync.
 */
public record GraphUseCases(
    StoreAssociationUseCase store,
    DeleteAssociationUseCase delete,
    GetAssociationsUseCase associations,
    FindConnectedUseCase connected,
    FindShortestPathUseCase paths,
    GetSubgraphUseCase subgraphs,
    GraphStatisticsUseCase statistics,
    ReviewHeldDeletionsUseCase heldDeletions,
    ReviewLocalRowsUseCase localRows) {

  public GraphUseCases {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(delete, "delete");
    Objects.requireNonNull(associations, "associations");
    Objects.requireNonNull(connected, "connected");
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(subgraphs, "subgraphs");
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(heldDeletions, "heldDeletions");
    Objects.requireNonNull(localRows, "localRows");
  }
}
