package org.slapos.instancenode.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slapos.instancenode.config.ConfigException;

/**
 * The operations endpoints on {@code metrics-address}: {@code GET /metrics} (Prometheus text
 * format, or what the scraper's {@code Accept} header asks for), {@code GET /healthz} and {@code
 * GET /readyz} ({@code 200 ok}, or {@code 503} with the {@link Health} detail). Other paths answer
 * 404, other methods 405.
 *
 * <p>Requests are served by two threads with a bounded backlog (connections beyond it are closed),
 * so a scrape storm cannot grow memory. Every thread of the server is a daemon: a server never
 * keeps the process alive. {@link #close()} stops at once, dropping requests in progress.
 * Thread-safe.
 */
public final class OpsServer implements AutoCloseable {
  private static final int THREADS = 2;
  private static final int BACKLOG = 32;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  private OpsServer(HttpServer server, ThreadPoolExecutor executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address} (port 0: any free port) and starts serving.
   *
   * @throws ConfigException when the address cannot be bound; the message names it and the config
   *     key {@code metrics-address}
   */
  public static OpsServer start(
      InetSocketAddress address, PrometheusRegistry registry, Health health) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(health, "health");
    HttpServer server;
    try {
      server = HttpServer.create(address, BACKLOG);
    } catch (IOException e) {
      throw new ConfigException(
          "metrics-address "
              + hostAndPort(address)
              + ": cannot listen there ("
              + e.getMessage()
              + "); choose a free address and port, or port 0 for any free port");
    }
    server.createContext("/", exchange -> answer(exchange, 404, "not found"));
    server.createContext("/metrics", onlyGet("/metrics", new MetricsHandler(registry)));
    server.createContext(
        "/healthz", onlyGet("/healthz", probe(health::alive, health::aliveDetail)));
    server.createContext("/readyz", onlyGet("/readyz", probe(health::ready, health::readyDetail)));
    ThreadPoolExecutor executor = executor();
    server.setExecutor(executor);
    startAsDaemon(server);
    return new OpsServer(server, executor);
  }

  /** The address actually bound, with the chosen port when port 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public int port() {
    return address().getPort();
  }

  /** Stops listening and serving, without waiting for requests in progress. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static HttpHandler onlyGet(String path, HttpHandler handler) {
    return exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        answer(exchange, 404, "not found");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        answer(exchange, 405, "method not allowed");
      } else {
        handler.handle(exchange);
      }
    };
  }

  private static HttpHandler probe(BooleanSupplier ok, Supplier<String> detail) {
    return exchange -> {
      if (ok.getAsBoolean()) {
        answer(exchange, 200, "ok");
      } else {
        answer(exchange, 503, detail.get());
      }
    };
  }

  private static void answer(HttpExchange exchange, int status, String line) throws IOException {
    try (exchange) {
      byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  // The JDK's dispatcher thread inherits the daemon flag of the thread that starts the server:
  // starting it from a daemon thread means a server never keeps the process alive on its own.
  private static void startAsDaemon(HttpServer server) {
    Thread starter = Thread.ofPlatform().name("ops-http-start").daemon().start(server::start);
    boolean interrupted = false;
    while (starter.isAlive()) {
      try {
        starter.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadPoolExecutor executor() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        THREADS,
        THREADS,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(BACKLOG),
        runnable -> {
          Thread thread = new Thread(runnable, "ops-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static String hostAndPort(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
