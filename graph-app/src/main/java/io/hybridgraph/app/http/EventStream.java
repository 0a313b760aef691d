package io.hybridgraph.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridgraph.app.view.Views;
import io.hybridgraph.sync.port.in.SyncControl;
import io.hybridgraph.sync.port.in.SyncEvent;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-sent event stream {@code GET /api/events}: every sync event as JSON under its name
 * ({@code pushed}, {@code pulled}, {@code parked}, {@code failed} once per failed round, {@code
 * progress}), plus a {@code status} event (the whole status: state, queue depth, last push and
 * pull, last error, failure streak) on connect, on every change of sync state ({@code RUNNING},
 * {@code FAILING}, {@code HELD}) and periodically. Delivery goes through an {@link EventFanout}, so
 * sync threads never wait on a client and a client that stops reading is dropped without holding up
 * the others.
 */
final class EventStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventStream.class);

  /** Events waiting for one client before it counts as fallen behind. */
  static final int QUEUE_CAPACITY = 256;

  /** How long one write to a client may block before the client is dropped. */
  static final Duration STALLED_WRITE = Duration.ofSeconds(10);

  private final SyncControl sync;
  private final LocalRowsReport local;
  private final ObjectMapper mapper;
  private final Duration statusInterval;
  private final EventFanout fanout;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(EventFanout.daemonThreads("graph-http-events"));
  private AutoCloseable subscription;

  EventStream(
      SyncControl sync,
      LocalRowsReport local,
      ObjectMapper mapper,
      Duration statusInterval,
      int maxClients,
      Clock clock) {
    this.sync = sync;
    this.local = local;
    this.mapper = mapper;
    this.statusInterval = statusInterval;
    this.fanout = new EventFanout(maxClients, QUEUE_CAPACITY, STALLED_WRITE, clock);
  }

  void start() {
    subscription = sync.subscribe(this::onEvent);
    ticker.scheduleAtFixedRate(
        this::broadcastStatus,
        statusInterval.toMillis(),
        statusInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    ticker.scheduleAtFixedRate(fanout::dropStalled, 1, 1, TimeUnit.SECONDS);
  }

  /** Claims a place for a new stream; false when the most streams are open. */
  boolean reserve() {
    return fanout.reserve();
  }

  void release() {
    fanout.release();
  }

  int maxClients() {
    return fanout.capacity();
  }

  /** Keeps a new client (whose place was reserved) open and greets it with the current status. */
  void accept(SseClient client) {
    EventFanout.Sink sink = new SseSink(client);
    client.keepAlive();
    Runnable left = fanout.add(sink);
    client.onClose(left);
    statusJson().ifPresent(status -> fanout.sendTo(sink, "status", status));
  }

  int clients() {
    return fanout.size();
  }

  private void onEvent(SyncEvent event) {
    if (event instanceof SyncEvent.StateChanged) {
      // The whole status, read off the sync thread that told the change.
      try {
        ticker.execute(this::broadcastStatus);
      } catch (RejectedExecutionException e) {
        log.debug("The event stream is closed; a change of sync state is not sent");
      }
      return;
    }
    encode(Views.eventName(event), Views.event(event))
        .ifPresent(json -> fanout.publish(Views.eventName(event), json));
  }

  private void broadcastStatus() {
    if (fanout.size() > 0) {
      statusJson().ifPresent(status -> fanout.publish("status", status));
    }
  }

  private Optional<String> statusJson() {
    try {
      Map<String, Object> status = Views.status(sync.status());
      status.remove("parked_changes");
      status.put("type", "status");
      status.put("queue_depth", status.get("pending"));
      status.putAll(local.counts().view());
      return encode("status", status);
    } catch (RuntimeException e) {
      log.warn("Could not report sync status on the event stream: {}", e.toString());
      return Optional.empty();
    }
  }

  private Optional<String> encode(String name, Map<String, Object> data) {
    try {
      return Optional.of(mapper.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      log.warn("Could not encode a {} event: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /** A Javalin server-sent event client as a sink. */
  private record SseSink(SseClient client) implements EventFanout.Sink {
    @Override
    public void send(String name, String data) {
      client.sendEvent(name, data);
    }

    @Override
    public boolean closed() {
      return client.terminated();
    }

    @Override
    public void close() {
      client.close();
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
    ticker.shutdownNow();
    fanout.close();
  }
}
