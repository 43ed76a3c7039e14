package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * A SlapOS master for tests: a loopback JSON-RPC server over HTTP, or HTTPS requiring a client
 * certificate, that serves the methods the instance node uses from state the test sets, checks
 * every request and every 200 answer against {@code ../shared/slapos-master-api/json_rpc.json},
 * records every call, and injects faults per method.
 *
 * <p>A contract violation (a bad request, answered 400 like the master does, or a bad answer of the
 * fake itself) is recorded; tests call {@link #assertNoContractViolations()} after each test.
 * Faults are deterministic: they apply to the next {@code n} calls or until cleared. A fault set
 * for one method takes precedence over one set for {@link #ALL_METHODS}.
 *
 * <p>Thread-safe: the node may call it from many threads, each call is served on a thread of its
 * own, so a hanging call blocks no other. {@link #close()} releases hanging and delayed calls by
 * closing their connections.
 */
public final class FakeMaster implements AutoCloseable {
  /** Sets a fault or delay for every method without one of its own. */
  public static final String ALL_METHODS = "*";

  public static final String INSTANCE_LIST = "slapos.allDocs.v0.instance_node_instance_list";
  public static final String GET_INSTANCE = "slapos.get.v0.software_instance";
  public static final String PUT_CONNECTION_PARAMETER =
      "slapos.put.v0.software_instance_connection_parameter";
  public static final String PUT_ERROR = "slapos.put.v0.software_instance_error";
  public static final String PUT_BANG = "slapos.put.v0.software_instance_bang";
  public static final String POST_INSTANCE = "slapos.post.v0.software_instance";
  public static final String COMPUTE_NODE_INSTANCE_LIST =
      "slapos.allDocs.v0.compute_node_instance_list";

  /** The error type of injected failures when the test names none. */
  public static final String INJECTED_FAULT = "injected-fault";

  private static final String PATH = "/api/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final TestPki pki;
  private final TestPki.Issued clientCertificate;
  private final MasterState state = new MasterState();
  private final MasterMethods methods = new MasterMethods(state);
  private final Faults faults = new Faults();
  private final Release release = new Release();
  private final CallLog log = new CallLog();

  private FakeMaster(HttpServer server, TestPki pki, TestPki.Issued clientCertificate) {
    this.server = server;
    this.pki = pki;
    this.clientCertificate = clientCertificate;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext(
        "/",
        new MasterHandler(
            PATH,
            MasterContract.get(),
            methods,
            new Disruptions(faults, release),
            log,
            Clock.systemUTC()));
    server.start();
  }

  /** A master on plain HTTP. */
  public static FakeMaster http() {
    try {
      return new FakeMaster(HttpServer.create(loopback(), 0), null, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake master", e);
    }
  }

  /**
   * A master on HTTPS with a server certificate from {@code pki} for {@code 127.0.0.1} and {@code
   * localhost}, requiring a client certificate from {@code pki}; {@link #clientCertificate()} is
   * one.
   */
  public static FakeMaster https(TestPki pki) {
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
      return new FakeMaster(server, pki, pki.client(TestPki.KeyType.EC, "fake-master-client"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake master", e);
    }
  }

  /** The master API URL, {@code http[s]://127.0.0.1:PORT/api/}: methods are POSTed below it. */
  public String baseUrl() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** The URL of {@code method}. */
  public URI uri(String method) {
    return URI.create(baseUrl() + method);
  }

  /** A client certificate the HTTPS master accepts; write it with its key as PEM files. */
  public TestPki.Issued clientCertificate() {
    if (clientCertificate == null) {
      throw new IllegalStateException("a plain HTTP fake master has no client certificate");
    }
    return clientCertificate;
  }

  /** A TLS context presenting {@link #clientCertificate()} and trusting the master's CA. */
  public SSLContext clientSslContext() {
    return clientCertificate().sslContext(pki);
  }

  // ---- state ----

  /** Adds a host instance, with no shared instances; adding it again changes nothing. */
  public void addHost(String hostGuid) {
    state.addHost(hostGuid);
  }

  /**
   * Adds a host instance placed in partition {@code partitionId} of compute node {@code
   * computerGuid}, as {@code slapos.allDocs.v0.compute_node_instance_list} lists it.
   */
  public void placeHost(String hostGuid, String computerGuid, String partitionId) {
    state.placeHost(hostGuid, computerGuid, partitionId);
  }

  /** The {@code computer_guid} of every compute node listing asked for, oldest first. */
  public List<String> computeNodesListed() {
    return calls(COMPUTE_NODE_INSTANCE_LIST).stream()
        .map(c -> c.request().orElseThrow().path("computer_guid").asText())
        .toList();
  }

  /** Adds or replaces (by instance guid) a shared instance of an added host. */
  public void putShared(String hostGuid, SharedInstance instance) {
    state.putShared(hostGuid, instance);
  }

  public void removeShared(String instanceGuid) {
    state.removeShared(instanceGuid);
  }

  public void setState(String instanceGuid, SharedInstance.State newState) {
    state.setState(instanceGuid, newState);
  }

  /** The shared instances the listing of {@code hostGuid} returns, sorted by instance guid. */
  public List<SharedInstance> shared(String hostGuid) {
    return state
        .listing(hostGuid)
        .orElseThrow(() -> new IllegalArgumentException("no host instance " + hostGuid));
  }

  /** Every connection-parameter dict published for the instance, oldest first. */
  public List<ObjectNode> connectionParameters(String instanceGuid) {
    return state.published(instanceGuid);
  }

  /** Every error message reported for the instance, oldest first. */
  public List<String> errors(String instanceGuid) {
    return state.errors(instanceGuid);
  }

  /** The message of every bang received on the instance, oldest first. */
  public List<String> bangs(String instanceGuid) {
    return state.bangs(instanceGuid);
  }

  /** Every {@link #POST_INSTANCE} request received, oldest first. */
  public List<RequestedInstance> requests() {
    return state.requests();
  }

  /**
   * When on, {@link #POST_INSTANCE} still records the request but answers the contract's other
   * shape, {@code {"status": 102, "name": "SoftwareInstanceNotReady", "message": ...}}, as the
   * master does while the instance is not allocated.
   */
  public void requestsNotReady(boolean notReady) {
    methods.requestsNotReady(notReady);
  }

  // ---- calls ----

  /** Every call received, in arrival order. */
  public List<MasterCall> calls() {
    return log.calls();
  }

  public List<MasterCall> calls(String method) {
    return log.calls(method);
  }

  public int count(String method) {
    return log.calls(method).size();
  }

  /** Every contract violation seen, in order. */
  public List<String> contractViolations() {
    return log.violations();
  }

  /** Throws an AssertionError listing the contract violations, if there were any. */
  public void assertNoContractViolations() {
    List<String> violations = log.violations();
    if (!violations.isEmpty()) {
      throw new AssertionError(
          violations.size()
              + " violation(s) of the master contract:\n  "
              + String.join("\n  ", violations));
    }
  }

  // ---- faults ----

  /** Answers the next {@code calls} calls of {@code method} with {@code status}. */
  public void failNext(String method, int calls, int status) {
    failNext(method, calls, status, INJECTED_FAULT);
  }

  /** Answers the next {@code calls} calls with {@code status} and error type {@code type}. */
  public void failNext(String method, int calls, int status, String type) {
    faults.next(method, calls, Fault.fail(status, type));
  }

  public void failAlways(String method, int status) {
    failAlways(method, status, INJECTED_FAULT);
  }

  /** Answers every call of {@code method} with {@code status} until faults are cleared. */
  public void failAlways(String method, int status, String type) {
    faults.always(method, Fault.fail(status, type));
  }

  /** Answers calls of {@code method} only after {@code delay}, until faults are cleared. */
  public void delay(String method, Duration delay) {
    faults.delay(method, delay);
  }

  /** Leaves calls of {@code method} unanswered until faults are cleared, then answers them. */
  public void hang(String method) {
    faults.always(method, Fault.of(Fault.Kind.HANG));
  }

  /** Closes the connection of every call of {@code method}, unanswered, until cleared. */
  public void reset(String method) {
    faults.always(method, Fault.of(Fault.Kind.RESET));
  }

  public void resetNext(String method, int calls) {
    faults.next(method, calls, Fault.of(Fault.Kind.RESET));
  }

  /** Answers every call of {@code method} 200 with a truncated JSON body, until cleared. */
  public void malformed(String method) {
    faults.always(method, Fault.of(Fault.Kind.MALFORMED));
  }

  public void malformedNext(String method, int calls) {
    faults.next(method, calls, Fault.of(Fault.Kind.MALFORMED));
  }

  /** Clears every fault and delay; hanging and delayed calls are answered now. */
  public void clearFaults() {
    faults.clear();
    release.releaseWaiting();
  }

  /** Clears the faults and delay set for {@code method} (not those for all methods). */
  public void clearFaults(String method) {
    faults.clear(method);
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
