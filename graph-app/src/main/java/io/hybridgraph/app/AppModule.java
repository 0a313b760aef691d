package io.hybridgraph.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.app.config.AppConfig;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.domain.port.in.DeleteAssociationUseCase;
import io.hybridgraph.domain.port.in.FindConnectedUseCase;
import io.hybridgraph.domain.port.in.FindShortestPathUseCase;
import io.hybridgraph.domain.port.in.GetAssociationsUseCase;
import io.hybridgraph.domain.port.in.GetSubgraphUseCase;
import io.hybridgraph.domain.port.in.GraphStatisticsUseCase;
import io.hybridgraph.domain.port.in.ReviewHeldDeletionsUseCase;
import io.hybridgraph.domain.port.in.ReviewLocalRowsUseCase;
import io.hybridgraph.domain.port.in.StoreAssociationUseCase;
import io.hybridgraph.sqlite.SqliteModule;
import io.hybridgraph.sqlite.SqliteStoreConfig;
import io.hybridgraph.sync.SyncConfig;
import java.time.Clock;

/** Binds the configuration, the clock, the local SQLite store and the edges' view of the graph. */
final class AppModule extends AbstractModule {

  private final AppConfig config;

  AppModule(AppConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(AppConfig.class).toInstance(config);
    bind(HttpSettings.class).toInstance(config.http());
    bind(SqliteStoreConfig.class).toInstance(config.store().sqliteConfig());
    bind(SyncConfig.class).toInstance(config.sync().config());
    bind(Clock.class).toInstance(Clock.systemUTC());
    install(new SqliteModule());
  }

  @Provides
  @Singleton
  GraphUseCases graphUseCases(
      StoreAssociationUseCase store,
      DeleteAssociationUseCase delete,
      GetAssociationsUseCase associations,
      FindConnectedUseCase connected,
      FindShortestPathUseCase paths,
      GetSubgraphUseCase subgraphs,
      GraphStatisticsUseCase statistics,
      ReviewHeldDeletionsUseCase heldDeletions,
      ReviewLocalRowsUseCase localRows) {
    return new GraphUseCases(
        store,
        delete,
        associations,
        connected,
        paths,
        subgraphs,
        statistics,
        heldDeletions,
        localRows);
  }
}
