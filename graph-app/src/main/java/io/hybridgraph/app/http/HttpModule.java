package io.hybridgraph.app.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.hybridgraph.app.GraphUseCases;
import io.hybridgraph.app.config.HttpSettings;
import io.hybridgraph.sync.port.in.SyncControl;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Binds the HTTP API server; it is built only when asked for ({@code serve}), never eagerly. */
public final class HttpModule extends AbstractModule {

  /**
   * Our mapper: duplicate keys are an error, and NaN/Infinity literals are read (so that they are
   * reported as an out-of-range field, not as unreadable JSON).
   */
  static ObjectMapper objectMapper() {
    return JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();
  }

  @Provides
  ApiServer apiServer(HttpSettings settings, GraphUseCases graph, SyncControl sync) {
    ObjectMapper mapper = objectMapper();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new ApiServer(settings, graph, sync, mapper, registry);
  }
}
