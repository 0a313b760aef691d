package io.hybridgraph.d1;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hybridgraph.domain.port.out.RemoteGraph;

/**
 * Binds the remote graph port to Cloudflare D1, built from the bound {@link D1Config}. Creating the
 * client does no I/O; migrate the remote schema ({@link D1Remote#migrateSchema()}) before syncing.
 */
public final class D1Module extends AbstractModule {

  @Provides
  @Singleton
  D1Remote d1Remote(D1Config config) {
    return D1Remote.create(config);
  }

  @Provides
  RemoteGraph remoteGraph(D1Remote remote) {
    return remote.graph();
  }
}
