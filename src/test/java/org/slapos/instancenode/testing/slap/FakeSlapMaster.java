package org.slapos.instancenode.testing.slap;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slapos.instancenode.testing.master.Disruptions;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.Fault;
import org.slapos.instancenode.testing.master.Faults;
import org.slapos.instancenode.testing.master.Release;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * A SlapOS master speaking the classic SLAP protocol for tests: a loopback server over HTTP (as
 * slapproxy serves it), or HTTPS requiring a client certificate, for one host partition ({@link
 * #COMPUTER_ID}, {@link #PARTITION_ID}). It checks every request's path, HTTP method, content type
 * and form fields against ../shared/slapos-slap-protocol/README.md (a violation is recorded and
 * answered 4xx; tests call {@link #assertNoProtocolViolations()}), answers with marshalled values,
 * records every call, and injects faults per call as the fake JSON-RPC master does.
 *
 * <p>Thread-safe; each call is served on a thread of its own, so a hanging call blocks no other.
 * {@link #close()} releases hanging and delayed calls by closing their connections.
 */
public final class FakeSlapMaster implements AutoCloseable {
  public static final String COMPUTER_ID = "COMP-SLAP";
  public static final String PARTITION_ID = "slappart0";

  public static final String BANG = SlapProtocol.BANG;
  public static final String ERROR = SlapProtocol.ERROR;
  public static final String CONNECTION = SlapProtocol.CONNECTION;
  public static final String REQUEST = SlapProtocol.REQUEST;

  /** Sets a fault or delay for every call without one of its own. */
  public static final String ALL_CALLS = FakeMaster.ALL_METHODS;

  // Without a trailing slash: clients must add one before joining the call.
  private static final String PATH = "/slap";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final SlapState state = new SlapState();
  private final Faults faults = new Faults();
  private final Release release = new Release();
  private final SlapHandler handler;
  private final TestPki.Issued clientCertificate;

  private FakeSlapMaster(HttpServer server, TestPki.Issued clientCertificate) {
    this.server = server;
    this.clientCertificate = clientCertificate;
    handler =
        new SlapHandler(
            PATH + "/", COMPUTER_ID, PARTITION_ID, state, new Disruptions(faults, release));
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** A master on plain HTTP, as slapproxy. */
  public static FakeSlapMaster http() {
    try {
      return new FakeSlapMaster(HttpServer.create(loopback(), 0), null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake SLAP master", e);
    }
  }

  /**
   * A master on HTTPS with a server certificate from {@code pki} for {@code 127.0.0.1}, requiring a
   * client certificate from {@code pki}; {@link #clientCertificate()} is one.
   */
  public static FakeSlapMaster https(TestPki pki) {
    SSLContext context = pki.server(TestPki.KeyType.EC, "127.0.0.1", "localhost").sslContext(pki);
    try {
      HttpsServer server = HttpsServer.create(loopback(), 0);
      server.setHttpsConfigurator(
          new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
              parameters.setNeedClientAuth(true);
              params.setSSLParameters(parameters);
            }
          });
      return new FakeSlapMaster(server, pki.client(TestPki.KeyType.RSA, COMPUTER_ID));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake SLAP master", e);
    }
  }

  /** The {@code server-url}: {@code http[s]://127.0.0.1:PORT/slap}, without a trailing slash. */
  public String serverUrl() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** A client certificate the HTTPS master accepts; write it with its key as PEM files. */
  public TestPki.Issued clientCertificate() {
    if (clientCertificate == null) {
      throw new IllegalStateException("a plain HTTP master has no client certificate");
    }
    return clientCertificate;
  }

  // ---- state ----

  /** Makes the instance requested as {@code partitionReference} publish {@code parameters}. */
  public void publish(String partitionReference, Map<String, String> parameters) {
    state.publish(partitionReference, parameters);
  }

  /** When on, {@link #REQUEST} records the request and answers 408: not allocated yet. */
  public void requestsNotReady(boolean notReady) {
    handler.requestsNotReady(notReady);
  }

  /** The message of every bang of the host partition, oldest first. */
  public List<String> bangs() {
    return state.bangs();
  }

  /** Every error reported for the shared instance {@code reference}, oldest first. */
  public List<String> errors(String reference) {
    return state.errors(reference);
  }

  /** Every connection-parameter dict set for the shared instance {@code reference}. */
  public List<Map<String, Object>> connections(String reference) {
    return state.connections(reference);
  }

  /** Every {@link #REQUEST} received and answered, oldest first. */
  public List<SlapRequest> requests() {
    return state.requests();
  }

  // ---- calls ----

  /** Every call received, in arrival order, faulty and refused ones included. */
  public List<SlapCall> calls() {
    return handler.calls();
  }

  public List<SlapCall> calls(String call) {
    return handler.calls().stream().filter(c -> c.call().equals(call)).toList();
  }

  public List<String> protocolViolations() {
    return handler.violations();
  }

  /** Throws an AssertionError listing the protocol violations, if there were any. */
  public void assertNoProtocolViolations() {
    List<String> violations = handler.violations();
    if (!violations.isEmpty()) {
      throw new AssertionError(
          violations.size()
              + " violation(s) of the SLAP protocol:\n  "
              + String.join("\n  ", violations));
    }
  }

  // ---- faults ----

  /** Answers the next {@code calls} calls of {@code call} with {@code status} (e.g. 403, 503). */
  public void failNext(String call, int calls, int status) {
    faults.next(call, calls, Fault.fail(status, ""));
  }

  /** Answers every call of {@code call} with {@code status} until faults are cleared. */
  public void failAlways(String call, int status) {
    faults.always(call, Fault.fail(status, ""));
  }

  /** Answers calls of {@code call} only after {@code delay}, until faults are cleared. */
  public void delay(String call, Duration delay) {
    faults.delay(call, delay);
  }

  /** Leaves calls of {@code call} unanswered until faults are cleared, then answers them. */
  public void hang(String call) {
    faults.always(call, Fault.of(Fault.Kind.HANG));
  }

  /** Closes the connection of every call of {@code call}, unanswered, until cleared. */
  public void reset(String call) {
    faults.always(call, Fault.of(Fault.Kind.RESET));
  }

  public void resetNext(String call, int calls) {
    faults.next(call, calls, Fault.of(Fault.Kind.RESET));
  }

  /** Answers every call of {@code call} 200 with a truncated marshalled document, until cleared. */
  public void malformed(String call) {
    faults.always(call, Fault.of(Fault.Kind.MALFORMED));
  }

  /** Clears every fault and delay; hanging and delayed calls are answered now. */
  public void clearFaults() {
    faults.clear();
    release.releaseWaiting();
  }

  /** Stops the server; calls still hanging or delayed get their connection closed. */
  @Override
  public void close() {
    if (release.closed()) {
      return;
    }
    release.close();
    server.stop(0);
    executor.shutdownNow();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }
}
