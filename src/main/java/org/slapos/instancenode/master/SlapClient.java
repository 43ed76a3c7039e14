package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.time.Deadline;

/**
 * The SlapOS master's classic SLAP protocol ({@code slapos.slap}), as far as the instance node uses
 * it: form-encoded POSTs to {@code server-url} on behalf of the host partition ({@code
 * computer-id}, {@code partition-id}), answered with marshalled values ({@link SlapXml}). The facts
 * are in {@code ../shared/slapos-slap-protocol/README.md}.
 *
 * <p>Every call goes through its own {@link MasterGuard} (retry, circuit breaker, rate limiter) and
 * is reported to {@link MasterMetrics} under a method name prefixed {@code slap.}, so that the
 * metrics tell the protocols apart. Every method returns what the master answered or throws a
 * {@link MasterException} naming the call and the instance.
 *
 * <p>Thread-safe: one client serves every worker thread.
 */
public final class SlapClient implements MasterWrites, AutoCloseable {
  static final String BANG = "softwareInstanceBang";
  static final String ERROR = "softwareInstanceError";
  static final String CONNECTION = "setComputerPartitionConnectionXml";
  static final String REQUEST = "requestComputerPartition";

  /** The four calls, as metrics and messages name them. */
  public static final List<String> METHODS =
      List.of(method(BANG), method(ERROR), method(CONNECTION), method(REQUEST));

  private final SlapHttp http;
  private final MasterGuard guard;
  private final String computerId;
  private final String partitionId;
  private final String host;

  SlapClient(SlapHttp http, MasterGuard guard, String computerId, String partitionId) {
    this.http = Objects.requireNonNull(http, "http");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.computerId = Objects.requireNonNull(computerId, "computerId");
    this.partitionId = Objects.requireNonNull(partitionId, "partitionId");
    this.host = computerId + "/" + partitionId;
  }

  /**
   * The client of the configured master ({@code server-url}, {@code computer-id}, {@code
   * partition-id}, {@code cert-file}, {@code key-file}, {@code master-ca-file}, {@code master-qps},
   * {@code master-burst}) with the production {@link MasterSettings#defaults}, every call bounded
   * by {@code deadline}.
   *
   * @throws IllegalArgumentException when one of {@code server-url}, {@code computer-id}, {@code
   *     partition-id} is not set
   * @throws org.slapos.instancenode.config.ConfigException naming the file when a PEM file cannot
   *     be used
   */
  public static SlapClient from(NodeConfig config, MasterMetrics metrics, Deadline deadline) {
    return create(
        URI.create(required(config.serverUrl(), "server-url")),
        required(config.computerId(), "computer-id"),
        required(config.partitionId(), "partition-id"),
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
  public static SlapClient create(
      URI serverUrl,
      String computerId,
      String partitionId,
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Optional<Path> caFile,
      MasterSettings settings,
      MasterMetrics metrics,
      Clock clock) {
    Optional<MasterTls> tls = MasterTls.forUrl(serverUrl, certFile, keyFile, caFile);
    return new SlapClient(
        new SlapHttp(serverUrl, tls, settings),
        new MasterGuard(settings, metrics, clock),
        computerId,
        partitionId);
  }

  /** Bangs the host partition (asks SlapOS to process it again), saying why. */
  @Override
  public void bang(String message) throws MasterException {
    Map<String, String> form = form();
    form.put("message", message);
    post(BANG, host, form);
  }

  /** Reports {@code message} as the error of the shared instance {@code reference}. */
  @Override
  public void putError(String reference, String message) throws MasterException {
    Map<String, String> form = form();
    form.put("error_log", message);
    form.put("slave_reference", reference);
    post(ERROR, reference, form);
  }

  /** Publishes the connection parameters of the shared instance {@code reference}. */
  @Override
  public void putConnectionParameters(String reference, Map<String, String> parameters)
      throws MasterException {
    Map<String, String> form = form();
    form.put("connection_xml", SlapXml.dumps(parameters));
    form.put("slave_reference", reference);
    post(CONNECTION, reference, form);
  }

  /**
   * Requests, changes or destroys the instance titled {@code request.title()} ({@code
   * partition_reference}), as a child of the host partition. A 408 answer means the master has not
   * allocated it yet: {@link Requested.NotReady}, to be asked again later.
   *
   * @throws MasterProtocolException when the answer is not a marshalled instance
   */
  @Override
  public Requested requestInstance(InstanceRequest request) throws MasterException {
    Map<String, String> form = form();
    form.put("software_release", request.softwareReleaseUri());
    form.put("software_type", request.softwareType());
    form.put("partition_reference", request.title());
    form.put("shared_xml", SlapXml.dumps(request.shared()));
    form.put("partition_parameter_xml", SlapXml.dumps(request.parameters()));
    form.put("filter_xml", SlapXml.dumps(request.slaParameters()));
    form.put("state", SlapXml.dumps(request.state()));
    String method = method(REQUEST);
    return guard.call(
        method,
        request.title(),
        () -> {
          SlapHttp.Reply reply = http.post(REQUEST, method, request.title(), form);
          if (reply.notReady()) {
            return new Requested.NotReady(
                SlapHttp.NOT_READY, "ResourceNotReady", "the master has not allocated it yet");
          }
          return new Requested.Ready(
              instance(request, SlapAnswer.read(reply.body(), method, request.title())));
        });
  }

  private SoftwareInstance instance(InstanceRequest request, SlapAnswer answer) {
    ObjectNode sla = Json.MAPPER.createObjectNode();
    request.slaParameters().forEach(sla::put);
    return new SoftwareInstance(
        answer.instanceGuid(),
        request.title(),
        answer.requestedState().orElse(request.state()),
        request.softwareReleaseUri(),
        request.softwareType(),
        request.shared(),
        request.parameters(),
        sla,
        answer.connectionParameters());
  }

  /** The breaker's state, for health reports. */
  public MasterMetrics.Circuit circuit() {
    return guard.circuit();
  }

  private void post(String call, String instance, Map<String, String> form) throws MasterException {
    String method = method(call);
    guard.call(
        method,
        instance,
        () -> {
          SlapHttp.Reply reply = http.post(call, method, instance, form);
          if (reply.notReady()) {
            throw new MasterUnavailableException(
                method, instance, "the master answered 408: not ready, ask again later", null);
          }
          return null;
        });
  }

  private Map<String, String> form() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("computer_id", computerId);
    form.put("computer_partition_id", partitionId);
    return form;
  }

  private static String method(String call) {
    return "slap." + call;
  }

  private static String required(Optional<String> value, String key) {
    return value.orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
  }

  /** Closes the HTTP client; calls in flight fail. */
  @Override
  public void close() {
    http.close();
  }

  /** The master's URL as messages may show it: without any credentials. */
  public String describe() {
    return http.describe();
  }
}
