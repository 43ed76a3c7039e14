package org.slapos.instancenode.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.engine.BangTarget;
import org.slapos.instancenode.engine.Daemon;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * A {@link Daemon} running on a thread of the test's JVM, as {@code run --config} runs it but
 * without signal handlers: the test sends SIGHUP with {@link #hangup()} and SIGTERM with {@link
 * #close()}. With {@code metrics-address} on port 0, the port its ops server bound is read from the
 * daemon's {@code started} log event, the only place it is told.
 */
public final class InProcessDaemon implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Duration STOP_BOUND = Duration.ofSeconds(45);

  private final Daemon daemon;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger daemonLogger = (Logger) LoggerFactory.getLogger(Daemon.class);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private InProcessDaemon(NodeConfig config, BangTarget target, Clock clock) {
    daemon = new Daemon(config, target, clock);
    thread = new Thread(this::run, "daemon-under-test-" + COUNT.incrementAndGet());
  }

  /** Starts the daemon of {@code config} on its own thread; bangs go to {@code target}. */
  public static InProcessDaemon start(NodeConfig config, BangTarget target) {
    return start(config, target, Clock.systemUTC());
  }

  /** {@link #start(NodeConfig, BangTarget)} with the daemon reading the time from {@code clock}. */
  public static InProcessDaemon start(NodeConfig config, BangTarget target, Clock clock) {
    InProcessDaemon running = new InProcessDaemon(config, target, clock);
    running.log.start();
    running.daemonLogger.addAppender(running.log);
    running.thread.start();
    return running;
  }

  private void run() {
    try {
      daemon.run();
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /** Asks for a full pass now, as SIGHUP does. */
  public void hangup() {
    daemon.hangup();
  }

  /** The address its ops server bound, once it logged it. */
  public InetSocketAddress opsAddress() {
    return await("the daemon's started log event")
        .atMost(Duration.ofSeconds(30))
        .until(this::loggedAddress, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<InetSocketAddress> loggedAddress() {
    if (!thread.isAlive()) {
      throw new IllegalStateException("the daemon stopped before it started", failure.get());
    }
    return log.list.stream()
        .filter(e -> thread.getName().equals(e.getThreadName()))
        .filter(e -> "started".equals(e.getMessage()) && e.getKeyValuePairs() != null)
        .flatMap(e -> e.getKeyValuePairs().stream())
        .filter(kv -> "metrics".equals(kv.key))
        .map((KeyValuePair kv) -> (InetSocketAddress) kv.value)
        .findFirst();
  }

  /** GETs {@code path} from its ops server. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    InetSocketAddress address = opsAddress();
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code /metrics} and parses it. */
  public ScrapedMetrics scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    assertEquals(200, response.statusCode(), response.body());
    return ScrapedMetrics.parse(response.body());
  }

  /** Waits until {@code /readyz} answers 200: the first pass is done. */
  public void awaitReady() {
    await("the daemon's first pass")
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/readyz").statusCode() == 200);
  }

  /**
   * Stops the daemon as SIGTERM does and waits for its thread.
   *
   * @throws AssertionError when it did not stop in time, or {@code run()} threw
   */
  @Override
  public void close() throws InterruptedException {
    daemon.stop();
    try {
      thread.join(STOP_BOUND);
      if (thread.isAlive()) {
        thread.interrupt();
        throw new AssertionError("the daemon did not stop within " + STOP_BOUND);
      }
      if (failure.get() != null) {
        throw new AssertionError("the daemon failed", failure.get());
      }
    } finally {
      daemonLogger.detachAppender(log);
      client.close();
    }
  }
}
