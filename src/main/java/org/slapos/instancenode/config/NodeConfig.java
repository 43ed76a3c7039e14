package org.slapos.instancenode.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.json.EntryBounds;

/**
 * The node's configuration: section {@code [slaposinstancenode]} of the INI file, checked and
 * typed. It accepts every key of the Python implementation's {@code instancenode.cfg} and ours.
 * Paths are absolute (relative ones are resolved against the configuration file's directory). A
 * blank value ({@code key =}) means the key is not set. Immutable; {@link #toString()} never shows
 * the verification secret.
 *
 * <p>Build it with {@link #load(Path)} or {@link #from(IniFile)}: they report every problem of the
 * file at once. Rules checked there and guaranteed here: with {@code kind = cdn}, {@code
 * domainValidationDbPath} is present; with {@code kind = generic}, {@code softwareUrl} and {@code
 * softwareType} are; with {@code desired-state = master}, {@code masterApiUrl} and {@code
 * instanceGuid} are; at most one of {@code slaveSchema} and {@code softwareSchema} is present, one
 * is for the {@code master} and {@code file:} sources, and {@code softwareSchema} comes with {@code
 * softwareType}; {@code keyFile} and {@code certFile} are both present or both absent; {@code
 * challengeRecheckMax >= challengeRecheckMin}.
 *
 * @param kind {@code kind}: cdn (default) or generic
 * @param desiredState {@code desired-state}: instance-db (default), master or file:PATH
 * @param instanceDbPath {@code instance-db-path} (required)
 * @param requestInstanceDbPath {@code requestinstance-db-path} (required)
 * @param domainValidationDbPath {@code domain-validation-db-path} (required for kind cdn)
 * @param publishSlaveInformationFile {@code publish-slave-information-file}: when present, an entry
 *     is valid only once the file has its {@code [publish-REFERENCE]} section
 * @param timestampPath {@code timestamp-path}
 * @param logfile {@code logfile}
 * @param debug {@code debug} (default false)
 * @param logFormat {@code log-format}: text (default) or json
 * @param metricsAddress {@code metrics-address} (default 127.0.0.1:9742; port 0 = any free port);
 *     resolved for an IP literal, unresolved for a host name, which the caller resolves on bind
 * @param masterApiUrl {@code master-api-url}: http(s) URL of the master's JSON-RPC API
 * @param masterCaFile {@code master-ca-file}: CA bundle for the master (else the system's)
 * @param instanceGuid {@code instance-guid}: the host instance whose entries the master lists
 * @param keyFile {@code key-file}: the partition's client key (PEM)
 * @param certFile {@code cert-file}: the partition's client certificate (PEM)
 * @param computerId {@code computer-id}
 * @param partitionId {@code partition-id}
 * @param serverUrl {@code server-url}: the master URL as the Python implementation knows it
 * @param masterQps {@code master-qps}: master calls per second, greater than 0 (default 5)
 * @param masterBurst {@code master-burst}: at least 1 (default 10)
 * @param bangMinInterval {@code bang-min-interval}: at least 0 (default 60 s)
 * @param reportError {@code report-error} (default false)
 * @param slaveSchema {@code slave-schema}: JSON Schema of the shared instance parameters
 * @param softwareSchema {@code software-schema}: the release's {@code software.cfg.json}
 * @param unstringify {@code unstringify}: accept integers and booleans given as strings
 * @param entryBounds {@code max-entry-bytes} (default 1 MiB) and {@code max-entry-depth} (default
 *     64): an entry over either is refused alone, before its parameters are parsed
 * @param softwareUrl {@code software-url} (required for kind generic)
 * @param softwareType {@code software-type} (required for kind generic and with softwareSchema)
 * @param shared {@code shared} (default false)
 * @param requestNamePrefix {@code request-name-prefix} (default empty)
 * @param sla every {@code sla-NAME = VALUE} with a non-empty value, as NAME to VALUE in file order
 * @param resyncPeriod {@code resync-period}: greater than 0 (default 60 s)
 * @param workers {@code workers}: 1 to 256 (default 4)
 * @param instanceRetentionDelay {@code instance-retention-delay}: at least 0 (default 90 days)
 * @param dnsNameservers {@code dns-nameserver}: resolved addresses; empty means the system's
 * @param dnsEntryName {@code dns-entry-name}: one DNS label (default {@code _slapos-challenge})
 * @param dnsMode {@code dns-mode}: recursive (default) or authoritative
 * @param dnsTimeout {@code dns-timeout}: greater than 0 (default 5 s)
 * @param dnsConcurrency {@code dns-concurrency}: 1 to 1024 (default 32)
 * @param challengeRecheckMin {@code challenge-recheck-min}: greater than 0 (default 60 s)
 * @param challengeRecheckMax {@code challenge-recheck-max}: at least the minimum (default 1 h)
 * @param certExpiryWarning {@code cert-expiry-warning}: at least 0 (default 30 days)
 * @param verificationSecret {@code verification-secret} or {@code verification-secret-file}, or
 *     generated when neither is given
 * @param privateSuffixes {@code private-suffixes}: DNS names outside the Public Suffix List under
 *     which host names are accepted (default none)
 * @param runOnceDeadline {@code run-once-deadline}: greater than 0 (default 50 s)
 * @param backendProbe the {@code backend-probe*} keys: live TLS probes of entries' backends
 */
public record NodeConfig(
    NodeKind kind,
    DesiredStateSetting desiredState,
    Path instanceDbPath,
    Path requestInstanceDbPath,
    Optional<Path> domainValidationDbPath,
    Optional<Path> publishSlaveInformationFile,
    Optional<Path> timestampPath,
    Optional<Path> logfile,
    boolean debug,
    LogFormat logFormat,
    InetSocketAddress metricsAddress,
    Optional<URI> masterApiUrl,
    Optional<Path> masterCaFile,
    Optional<String> instanceGuid,
    Optional<Path> keyFile,
    Optional<Path> certFile,
    Optional<String> computerId,
    Optional<String> partitionId,
    Optional<String> serverUrl,
    double masterQps,
    int masterBurst,
    Duration bangMinInterval,
    boolean reportError,
    Optional<Path> slaveSchema,
    Optional<Path> softwareSchema,
    boolean unstringify,
    EntryBounds entryBounds,
    Optional<String> softwareUrl,
    Optional<String> softwareType,
    boolean shared,
    String requestNamePrefix,
    Map<String, String> sla,
    Duration resyncPeriod,
    int workers,
    Duration instanceRetentionDelay,
    List<InetSocketAddress> dnsNameservers,
    String dnsEntryName,
    DnsMode dnsMode,
    Duration dnsTimeout,
    int dnsConcurrency,
    Duration challengeRecheckMin,
    Duration challengeRecheckMax,
    Duration certExpiryWarning,
    VerificationSecret verificationSecret,
    List<String> privateSuffixes,
    Duration runOnceDeadline,
    BackendProbeSettings backendProbe) {

  /** The section read from the file. */
  public static final String SECTION = "slaposinstancenode";

  /** Appended to the request DB's file name to name the node's lock file, beside it. */
  public static final String LOCK_SUFFIX = ".lock";

  public NodeConfig {
    sla = Collections.unmodifiableMap(new LinkedHashMap<>(sla));
    dnsNameservers = List.copyOf(dnsNameservers);
    privateSuffixes = List.copyOf(privateSuffixes);
  }

  /**
   * Reads, parses and checks {@code file}.
   *
   * @throws ConfigException listing every problem found
   */
  public static NodeConfig load(Path file) {
    return from(IniFile.parse(file));
  }

  /**
   * Checks section {@code [slaposinstancenode]} of {@code file}.
   *
   * @throws ConfigException listing every problem found: a missing section, unknown keys, bad
   *     values and broken rules between keys
   */
  public static NodeConfig from(IniFile file) {
    return NodeConfigReader.read(file);
  }
}
