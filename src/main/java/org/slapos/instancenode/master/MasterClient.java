package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.time.Deadline;

/**
 * The SlapOS master's JSON-RPC API, as far as the instance node uses it: one typed method per
 * JSON-RPC method, each one call through the shared {@link MasterGuard} (retry, circuit breaker,
 * rate limiter).
 *
 * <p>Every method either returns what the master answered or throws a {@link MasterException} whose
 * message names the method and the instance; see its subclasses for what to do about it.
 *
 * <p>Thread-safe: one client serves every worker thread.
 */
public final class MasterClient implements AutoCloseable {
  static final String LIST = "slapos.allDocs.v0.instance_node_instance_list";
  static final String GET = "slapos.get.v0.software_instance";
  static final String PUT_CONNECTION = "slapos.put.v0.software_instance_connection_parameter";
  static final String PUT_ERROR = "slapos.put.v0.software_instance_error";
  static final String BANG = "slapos.put.v0.software_instance_bang";
  static final String REQUEST = "slapos.post.v0.software_instance";
  static final String NODE_LIST = "slapos.allDocs.v0.compute_node_instance_list";

  /** The seven methods, for metrics series created up front. */
  public static final List<String> METHODS =
      List.of(LIST, GET, PUT_CONNECTION, PUT_ERROR, BANG, REQUEST, NODE_LIST);

  private final MasterHttp http;
  private final MasterGuard guard;

  MasterClient(MasterHttp http, MasterGuard guard) {
    this.http = Objects.requireNonNull(http, "http");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * The client of the configured master ({@code master-api-url}, {@code master-ca-file}, {@code
   * cert-file}, {@code key-file}, {@code master-qps}, {@code master-burst}) with the production
   * {@link MasterSettings#defaults}, every call bounded by {@code deadline}.
   *
   * @throws IllegalArgumentException when {@code master-api-url} is not set
   * @throws org.slapos.instancenode.config.ConfigException naming the file when a PEM file cannot
   *     be used
   */
  public static MasterClient from(NodeConfig config, MasterMetrics metrics, Deadline deadline) {
    URI url =
        config
            .masterApiUrl()
            .orElseThrow(() -> new IllegalArgumentException("master-api-url is not set"));
    return create(
        url,
        config.certFile(),
        config.keyFile(),
        config.masterCaFile(),
        MasterSettings.defaults(config.masterQps(), config.masterBurst()).within(deadline),
        metrics,
        Clock.systemUTC());
  }

  /**
   * A client with explicit settings; {@code certFile} and {@code keyFile} are both present or both
   * absent, and the PEM files are read only for an {@code https} URL.
   */
  public static MasterClient create(
      URI url,
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Optional<Path> caFile,
      MasterSettings settings,
      MasterMetrics metrics,
      Clock clock) {
    Optional<MasterTls> tls = MasterTls.forUrl(url, certFile, keyFile, caFile);
    return new MasterClient(
        new MasterHttp(url, tls, settings), new MasterGuard(settings, metrics, clock));
  }

  /**
   * The shared instances of the host instance {@code hostInstanceGuid}, destroyed ones included,
   * read by {@code list}: every item, either listed or refused alone (oversized or malformed), or
   * an exception, never part of them.
   *
   * @throws MasterRejectedException e.g. 403 {@code HOST-INSTANCE-NOT-FOUND}
   * @throws MasterProtocolException when the listing's envelope is broken
   */
  public SharedInstanceList.Parsed sharedInstances(String hostInstanceGuid, SharedInstanceList list)
      throws MasterException {
    return guard.call(
        LIST,
        hostInstanceGuid,
        () -> {
          byte[] answer = http.postForBytes(LIST, hostInstanceGuid, body(hostInstanceGuid));
          try {
            return list.read(answer, "answer outside the contract");
          } catch (MalformedListingException e) {
            if (e.notJson()) {
              // A proxy's error page or a cut answer: worth retrying, like an unreachable master.
              throw new MasterUnavailableException(
                  LIST,
                  hostInstanceGuid,
                  "the master at " + http.describe() + " answered with a body that is not JSON",
                  null);
            }
            throw new MasterProtocolException(LIST, hostInstanceGuid, e.getMessage(), e);
          }
        });
  }

  /** The instances the compute node {@code computerGuid} ({@code computer-id}) hosts. */
  public List<NodeInstance> computeNodeInstances(String computerGuid) throws MasterException {
    return call(
        NODE_LIST,
        computerGuid,
        Json.MAPPER.createObjectNode().put("computer_guid", computerGuid),
        NodeInstance::listed);
  }

  /** The master's description of the instance {@code instanceGuid}. */
  public SoftwareInstance softwareInstance(String instanceGuid) throws MasterException {
    return call(GET, instanceGuid, body(instanceGuid), SoftwareInstance::from);
  }

  /** Publishes the connection parameters of {@code instanceGuid} (sent in key order). */
  public void putConnectionParameters(String instanceGuid, Map<String, String> parameters)
      throws MasterException {
    ObjectNode body = body(instanceGuid);
    ObjectNode dict = body.putObject("connection_parameter_dict");
    new TreeMap<>(parameters).forEach(dict::put);
    call(PUT_CONNECTION, instanceGuid, body, MasterClient::success);
  }

  /** Reports {@code message} as the error of {@code instanceGuid}. */
  public void putError(String instanceGuid, String message) throws MasterException {
    call(
        PUT_ERROR, instanceGuid, body(instanceGuid).put("message", message), MasterClient::success);
  }

  /** Bangs {@code instanceGuid} (asks SlapOS to process it again), saying why. */
  public void bang(String instanceGuid, String message) throws MasterException {
    call(BANG, instanceGuid, body(instanceGuid).put("message", message), MasterClient::success);
  }

  /** Requests, changes or destroys the instance titled {@code request.title()}. */
  public Requested requestInstance(InstanceRequest request) throws MasterException {
    return call(
        REQUEST,
        request.title(),
        request.toJson(),
        answer ->
            answer.has("instance_guid")
                ? new Requested.Ready(SoftwareInstance.from(answer))
                : new Requested.NotReady(
                    answer.integer("status"), answer.text("name"), answer.text("message")));
  }

  /** The breaker's state, for health reports. */
  public MasterMetrics.Circuit circuit() {
    return guard.circuit();
  }

  /** Reads a 200 answer; runs inside the guarded attempt, so its failures count there. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(Answer answer) throws MasterException;
  }

  private <T> T call(String method, String instance, ObjectNode body, Reader<T> reader)
      throws MasterException {
    return guard.call(
        method,
        instance,
        () -> reader.read(new Answer(http.post(method, instance, body), method, instance)));
  }

  private static Void success(Answer answer) throws MasterProtocolException {
    answer.requireSuccess();
    return null;
  }

  private static ObjectNode body(String instanceGuid) {
    return Json.MAPPER.createObjectNode().put("instance_guid", instanceGuid);
  }

  /** Closes the HTTP client; calls in flight fail. */
  @Override
  public void close() {
    http.close();
  }

  /** The master's API URL as messages may show it: without any credentials. */
  public String describe() {
    return http.describe();
  }
}
