package io.hybridgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-sent event stream {@code GET /api/events}: every sync event as JSON under its name
 * ({@code pushed}, {@code pulled}, {@code parked}, {@code failed}, {@code progress}), plus a {@code
 * status} event on connect and then periodically (queue depth, last push and pull, last error).
 * Events are written on one named thread, so sync threads never wait on a slow client.
 */
final class EventStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  private final SyncControl sync;
  private final ObjectMapper mapper;
  private final Duration statusInterval;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "graph-http-events");
            thread.setDaemon(true);
            return thread;
          });
  private AutoCloseable subscription;

  EventStream(SyncControl sync, ObjectMapper mapper, Duration statusInterval) {
    this.sync = sync;
    this.mapper = mapper;
    this.statusInterval = statusInterval;
  }

  void start() {
    subscription = sync.subscribe(this::onEvent);
    writer.scheduleAtFixedRate(
        this::broadcastStatus,
        statusInterval.toMillis(),
        statusInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Keeps a new client open and greets it with the current status. */
  void accept(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    submit(() -> send(client, "status", statusView()));
  }

  int clients() {
    return clients.size();
  }

  private void onEvent(SyncEvent event) {
    String name = Views.eventName(event);
    Map<String, Object> data = Views.event(event);
    submit(() -> clients.forEach(client -> send(client, name, data)));
  }

  private void broadcastStatus() {
    if (clients.isEmpty()) {
      return;
    }
    try {
      Map<String, Object> status = statusView();
      clients.forEach(client -> send(client, "status", status));
    } catch (RuntimeException e) {
      log.warn("Could not report sync status on the event stream: {}", e.toString());
    }
  }

  private Map<String, Object> statusView() {
    Map<String, Object> status = Views.status(sync.status());
    status.remove("parked_changes");
    status.put("type", "status");
    status.put("queue_depth", status.get("pending"));
    return status;
  }

  private void submit(Runnable task) {
    try {
      writer.execute(task);
    } catch (RejectedExecutionException e) {
      // Stopping: late events are dropped.
    }
  }

  private void send(SseClient client, String name, Map<String, Object> data) {
    if (client.terminated()) {
      clients.remove(client);
      return;
    }
    try {
      client.sendEvent(name, mapper.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      log.warn("Could not encode a {} event: {}", name, e.toString());
    } catch (RuntimeException e) {
      clients.remove(client);
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribing the event stream failed", e);
      }
    }
    writer.shutdownNow();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clients.forEach(SseClient::close);
    clients.clear();
  }
}
