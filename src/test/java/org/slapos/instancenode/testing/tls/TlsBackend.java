package org.slapos.instancenode.testing.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTPS backend on 127.0.0.1 (the JDK's {@link HttpsServer}) presenting a certificate made
 * by {@link TestPki}: it counts the TLS connections it accepted and records the SNI names clients
 * sent. {@link #close()} stops it, so that its port refuses connections.
 */
public final class TlsBackend implements AutoCloseable {
  private final HttpsServer server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> serverNames = new CopyOnWriteArrayList<>();

  private TlsBackend(HttpsServer server) {
    this.server = server;
  }

  /** Starts a backend presenting {@code issued} on a free port of 127.0.0.1. */
  public static TlsBackend start(TestPki.Issued issued) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TlsBackend backend = new TlsBackend(server);
      server.setHttpsConfigurator(
          new HttpsConfigurator(issued.sslContext(TestPki.create("unused client CA"))) {
            // Called once per accepted connection.
            @Override
            public void configure(HttpsParameters parameters) {
              backend.connections.incrementAndGet();
              SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
              ssl.setSNIMatchers(List.of(backend.recorder()));
              parameters.setSSLParameters(ssl);
            }
          });
      server.createContext(
          "/",
          exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return backend;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SNIMatcher recorder() {
    return new SNIMatcher(0) {
      @Override
      public boolean matches(SNIServerName name) {
        if (name instanceof SNIHostName host) {
          serverNames.add(host.getAsciiName());
        }
        return true;
      }
    };
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://HOST:PORT/} of this backend. */
  public String url(String host) {
    return "https://" + host + ":" + port() + "/";
  }

  /** How many TLS connections it accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** The SNI host names clients sent, in order. */
  public List<String> serverNames() {
    return List.copyOf(serverNames);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
