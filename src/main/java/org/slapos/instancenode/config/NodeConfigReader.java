package org.slapos.instancenode.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slapos.instancenode.json.EntryBounds;

/**
 * Reads every key of {@code [slaposinstancenode]} into a {@link NodeConfig}. The keys read here are
 * the keys accepted: any other key is reported as unknown.
 */
final class NodeConfigReader {
  private static final Duration DEFAULT_RETENTION = Duration.ofSeconds(7_776_000);

  private static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1:9742";

  private NodeConfigReader() {}

  static NodeConfig read(IniFile file) {
    IniSection section = file.section(NodeConfig.SECTION).orElseThrow(() -> missingSection(file));
    SectionValues v = new SectionValues(file, section);
    Function<String, Path> path = v.asPath();
    Function<String, Boolean> bool = ConfigValues::bool;
    Function<String, Duration> duration = ConfigValues::duration;
    Function<String, Duration> positiveDuration = ConfigValues::positiveDuration;

    NodeKind kind = v.orDefault("kind", NodeKind.CDN, t -> ConfigValues.choice(t, NodeKind.class));
    DesiredStateSetting desiredState =
        v.orDefault(
            "desired-state",
            new DesiredStateSetting.InstanceDb(),
            t -> ConfigValues.desiredState(t, v.baseDirectory()));
    Path instanceDbPath = v.required("instance-db-path", path);
    Path requestInstanceDbPath = v.required("requestinstance-db-path", path);
    Optional<Path> domainValidationDbPath = v.optional("domain-validation-db-path", path);
    Optional<Path> publishSlaveInformationFile = v.optional("publish-slave-information-file", path);
    Optional<Path> timestampPath = v.optional("timestamp-path", path);
    Optional<Path> logfile = v.optional("logfile", path);
    boolean debug = v.orDefault("debug", false, bool);
    LogFormat logFormat =
        v.orDefault("log-format", LogFormat.TEXT, t -> ConfigValues.choice(t, LogFormat.class));
    InetSocketAddress metricsAddress =
        v.orDefault(
            "metrics-address",
            AddressValues.listenAddress(DEFAULT_METRICS_ADDRESS),
            AddressValues::listenAddress);

    Optional<URI> masterApiUrl = v.optional("master-api-url", ConfigValues::httpUrl);
    Optional<Path> masterCaFile = v.optional("master-ca-file", path);
    Optional<String> instanceGuid = v.text("instance-guid");
    Optional<Path> keyFile = v.optional("key-file", path);
    Optional<Path> certFile = v.optional("cert-file", path);
    Optional<String> computerId = v.text("computer-id");
    Optional<String> partitionId = v.text("partition-id");
    Optional<String> serverUrl = v.text("server-url");
    double masterQps = v.orDefault("master-qps", 5.0, ConfigValues::positiveDecimal);
    int masterBurst =
        v.orDefault("master-burst", 10, t -> ConfigValues.integer(t, 1, Integer.MAX_VALUE));
    Duration bangMinInterval = v.orDefault("bang-min-interval", Duration.ofSeconds(60), duration);
    boolean reportError = v.orDefault("report-error", false, bool);

    Optional<Path> slaveSchema = v.optional("slave-schema", path);
    Optional<Path> softwareSchema = v.optional("software-schema", path);
    boolean unstringify = v.orDefault("unstringify", false, bool);
    EntryBounds entryBounds =
        new EntryBounds(
            v.orDefault(
                "max-entry-bytes",
                (int) EntryBounds.DEFAULT_MAX_BYTES,
                t -> ConfigValues.integer(t, 1024, Integer.MAX_VALUE)),
            v.orDefault(
                "max-entry-depth",
                EntryBounds.DEFAULT_MAX_DEPTH,
                t -> ConfigValues.integer(t, 1, 10_000)));

    Optional<String> softwareUrl = v.text("software-url");
    Optional<String> softwareType = v.text("software-type");
    boolean shared = v.orDefault("shared", false, bool);
    String requestNamePrefix = v.text("request-name-prefix").orElse("");
    Map<String, String> sla = v.withPrefix("sla-");

    Duration resyncPeriod = v.orDefault("resync-period", Duration.ofSeconds(60), positiveDuration);
    int workers = v.orDefault("workers", 4, t -> ConfigValues.integer(t, 1, 256));
    Duration instanceRetentionDelay =
        v.orDefault("instance-retention-delay", DEFAULT_RETENTION, duration);

    List<InetSocketAddress> dnsNameservers =
        v.orDefault("dns-nameserver", List.of(), AddressValues::nameservers);
    String dnsEntryName =
        v.orDefault("dns-entry-name", "_slapos-challenge", ConfigValues::dnsLabel);
    DnsMode dnsMode =
        v.orDefault("dns-mode", DnsMode.RECURSIVE, t -> ConfigValues.choice(t, DnsMode.class));
    Duration dnsTimeout = v.orDefault("dns-timeout", Duration.ofSeconds(5), positiveDuration);
    int dnsConcurrency = v.orDefault("dns-concurrency", 32, t -> ConfigValues.integer(t, 1, 1024));
    Duration challengeRecheckMin =
        v.orDefault("challenge-recheck-min", Duration.ofSeconds(60), positiveDuration);
    Duration challengeRecheckMax =
        v.orDefault("challenge-recheck-max", Duration.ofHours(1), positiveDuration);
    Duration certExpiryWarning = v.orDefault("cert-expiry-warning", Duration.ofDays(30), duration);
    VerificationSecret verificationSecret = verificationSecret(v, path);
    List<String> privateSuffixes =
        v.orDefault("private-suffixes", List.of(), ConfigValues::privateSuffixes);
    Duration runOnceDeadline =
        v.orDefault("run-once-deadline", Duration.ofSeconds(50), positiveDuration);
    BackendProbeSettings backendProbe = BackendProbeSettings.read(v);

    new FileKeys(v)
        .written("instance-db-path", Optional.ofNullable(instanceDbPath))
        .written("requestinstance-db-path", Optional.ofNullable(requestInstanceDbPath))
        .besideWritten(
            "requestinstance-db-path",
            Optional.ofNullable(requestInstanceDbPath),
            NodeConfig.LOCK_SUFFIX,
            "lock file")
        .written("domain-validation-db-path", domainValidationDbPath)
        .besideWritten(
            "domain-validation-db-path",
            domainValidationDbPath.filter(
                db -> verificationSecret instanceof VerificationSecret.Generated),
            VerificationSecret.GENERATED_SUFFIX,
            "generated verification secret")
        .written("logfile", logfile)
        .read("slave-schema", slaveSchema)
        .read("software-schema", softwareSchema)
        .read("verification-secret-file", verificationSecretFile(verificationSecret))
        .read("master-ca-file", masterCaFile)
        .read("key-file", keyFile)
        .read("cert-file", certFile)
        .read("publish-slave-information-file", publishSlaveInformationFile)
        .read(
            "desired-state",
            desiredState instanceof DesiredStateSetting.File f
                ? Optional.of(f.path())
                : Optional.empty(),
            f -> "desired-state = file:" + f);
    v.ignore("openssl-binary");
    v.reportUnknownKeys();
    CrossKeyRules.check(v, kind, desiredState, challengeRecheckMin, challengeRecheckMax);
    v.throwIfProblems();
    return new NodeConfig(
        kind,
        desiredState,
        instanceDbPath,
        requestInstanceDbPath,
        domainValidationDbPath,
        publishSlaveInformationFile,
        timestampPath,
        logfile,
        debug,
        logFormat,
        metricsAddress,
        masterApiUrl,
        masterCaFile,
        instanceGuid,
        keyFile,
        certFile,
        computerId,
        partitionId,
        serverUrl,
        masterQps,
        masterBurst,
        bangMinInterval,
        reportError,
        slaveSchema,
        softwareSchema,
        unstringify,
        entryBounds,
        softwareUrl,
        softwareType,
        shared,
        requestNamePrefix,
        sla,
        resyncPeriod,
        workers,
        instanceRetentionDelay,
        dnsNameservers,
        dnsEntryName,
        dnsMode,
        dnsTimeout,
        dnsConcurrency,
        challengeRecheckMin,
        challengeRecheckMax,
        certExpiryWarning,
        verificationSecret,
        privateSuffixes,
        runOnceDeadline,
        backendProbe);
  }

  private static VerificationSecret verificationSecret(
      SectionValues v, Function<String, Path> path) {
    // Read as plain text, never through a parser: parse errors echo values, this one must not.
    Optional<String> inline = v.text("verification-secret");
    Optional<Path> file = v.optional("verification-secret-file", path);
    if (v.isEmpty("verification-secret")) {
      // An empty value is a secret left out by mistake, not a request for a generated one.
      v.report(
          "verification-secret",
          "key 'verification-secret' is empty. Remove the key to have a random secret generated"
              + " and kept beside the domain DB, or set a long random secret (for example from"
              + " 'openssl rand -hex 32'), or name a file holding one with"
              + " 'verification-secret-file'.");
    }
    if (inline.filter(VerificationSecret.PYTHON_DEFAULT::equals).isPresent()) {
      v.report(
          "verification-secret",
          "key 'verification-secret' is set to the Python implementation's built-in default,"
              + " which is public: anyone could compute the challenge tokens and claim domains"
              + " they do not own. Remove the key to have a random secret generated and kept"
              + " beside the domain DB, or name a file holding a long random secret (for example"
              + " from 'openssl rand -hex 32') with 'verification-secret-file'. Tokens already"
              + " issued stay valid.");
    }
    return inline
        .<VerificationSecret>map(VerificationSecret.Inline::new)
        .or(() -> file.map(VerificationSecret.FromFile::new))
        .orElseGet(VerificationSecret.Generated::new);
  }

  private static Optional<Path> verificationSecretFile(VerificationSecret secret) {
    return secret instanceof VerificationSecret.FromFile f
        ? Optional.of(f.path())
        : Optional.empty();
  }

  private static ConfigException missingSection(IniFile file) {
    List<String> names = file.sectionNames();
    String found =
        names.isEmpty()
            ? "the file has no sections"
            : names.stream()
                .map(n -> "[" + n + "]")
                .collect(Collectors.joining(", ", "found ", ""));
    return new ConfigException(
        file.sourceName() + ": no section [" + NodeConfig.SECTION + "] (" + found + ")");
  }
}
