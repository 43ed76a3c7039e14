package org.slapos.instancenode.master;

import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.time.Deadline;

/**
 * The master a configuration names, and the protocol spoken to it:
 *
 * <ul>
 *   <li>{@code master-api-url}: JSON-RPC for everything; the host instance is {@code instance-guid}
 *       or the one found from {@code computer-id} and {@code partition-id} ({@link HostInstance}).
 *       Only this protocol lists the desired state.
 *   <li>only {@code server-url} (with {@code computer-id}, {@code partition-id}): every write over
 *       SLAP, as the Python node does from Rapid.CDN's configuration.
 *   <li>neither: no master; {@link #open} is empty.
 * </ul>
 *
 * <p>The configuration reader has made sure the keys each protocol needs are there. Closing closes
 * the HTTP client.
 */
public final class ConfiguredMaster implements AutoCloseable {
  private final Optional<MasterClient> jsonRpc;
  private final Optional<HostInstance> host;
  private final MasterWrites writes;
  private final Runnable closer;
  private final String description;

  private ConfiguredMaster(
      Optional<MasterClient> jsonRpc,
      Optional<HostInstance> host,
      MasterWrites writes,
      Runnable closer,
      String description) {
    this.jsonRpc = jsonRpc;
    this.host = host;
    this.writes = Objects.requireNonNull(writes, "writes");
    this.closer = closer;
    this.description = description;
  }

  /**
   * The configured master, or empty when the configuration names none.
   *
   * @param deadline bounds every master call ({@link MasterSettings#deadline()}): a run-once's, or
   *     {@link Deadline#NONE}
   * @throws org.slapos.instancenode.config.ConfigException naming the file when a PEM file cannot
   *     be used
   */
  public static Optional<ConfiguredMaster> open(
      NodeConfig config, MasterMetrics metrics, Deadline deadline) {
    if (config.masterApiUrl().isPresent()) {
      MasterClient client = MasterClient.from(config, metrics, deadline);
      HostInstance host =
          config
              .instanceGuid()
              .map(HostInstance::given)
              .orElseGet(
                  () ->
                      HostInstance.found(
                          client,
                          config.computerId().orElseThrow(),
                          config.partitionId().orElseThrow()));
      return Optional.of(
          new ConfiguredMaster(
              Optional.of(client),
              Optional.of(host),
              new JsonRpcWrites(client, host),
              client::close,
              "JSON-RPC at " + client.describe() + ", host " + host.describe()));
    }
    if (config.serverUrl().isPresent()) {
      SlapClient client = SlapClient.from(config, metrics, deadline);
      return Optional.of(
          new ConfiguredMaster(
              Optional.empty(),
              Optional.empty(),
              client,
              client::close,
              "SLAP at "
                  + client.describe()
                  + ", host partition "
                  + config.partitionId().orElseThrow()
                  + " on "
                  + config.computerId().orElseThrow()));
    }
    return Optional.empty();
  }

  /** Where every write goes. */
  public MasterWrites writes() {
    return writes;
  }

  /** The JSON-RPC client that lists shared instances; empty over SLAP, which cannot list them. */
  public Optional<MasterClient> lister() {
    return jsonRpc;
  }

  /** The host instance whose shared instances {@link #lister()} lists; present with it. */
  public Optional<HostInstance> hostInstance() {
    return host;
  }

  /** The protocol and the master's URL, without credentials, for logs. */
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    closer.run();
  }
}
