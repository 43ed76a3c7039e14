package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.config.ConfigFiles.loadMinimalWith;
import static org.slapos.instancenode.config.ConfigFiles.write;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.json.EntryBounds;

class NodeConfigTest {
  @TempDir Path dir;

  private static InetSocketAddress address(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void everyKeyIsReadAndTyped() throws Exception {
    NodeConfig c =
        NodeConfig.load(
            write(
                dir,
                """
                [slaposinstancenode]
                kind = generic
                desired-state = master
                instance-db-path = /srv/instance.db
                requestinstance-db-path = /srv/request.db
                domain-validation-db-path = /srv/domain.db
                publish-slave-information-file = /srv/publish.cfg
                timestamp-path = /srv/timestamp
                logfile = /var/log/node.log
                debug = yes
                log-format = json
                metrics-address = [::1]:9100
                master-api-url = https://panel.example.com/api
                master-ca-file = /etc/ca.pem
                instance-guid = SOFTINST-42
                key-file = /etc/partition.key
                cert-file = /etc/partition.crt
                computer-id = COMP-1
                partition-id = slappart3
                server-url = https://slap.example.com
                master-qps = 2.5
                master-burst = 20
                bang-min-interval = 5m
                report-error = true
                software-schema = /opt/release/software.cfg.json
                unstringify = 1
                max-entry-bytes = 65536
                max-entry-depth = 16
                software-url = https://lab.example.com/software.cfg
                software-type = custom-personal
                shared = y
                request-name-prefix = cdn-
                sla-computer_guid = COMP-9
                sla-network =
                sla-instance_guid = SOFTINST-7
                resync-period = 90s
                workers = 8
                instance-retention-delay = 86400
                dns-nameserver = 192.0.2.53, [2001:db8::53]:5353
                dns-entry-name = _acme-proof
                dns-mode = authoritative
                dns-timeout = 1500ms
                dns-concurrency = 64
                challenge-recheck-min = 30s
                challenge-recheck-max = 2h
                cert-expiry-warning = 14d
                backend-probe = enforce
                backend-probe-interval = 30m
                backend-probe-concurrency = 2
                backend-probe-timeout = 2s
                backend-probe-allow-private = true
                verification-secret-file = /etc/secret
                openssl-binary = /usr/bin/openssl
                """));

    assertEquals(NodeKind.GENERIC, c.kind());
    assertEquals(new DesiredStateSetting.Master(), c.desiredState());
    assertEquals(Path.of("/srv/instance.db"), c.instanceDbPath());
    assertEquals(Path.of("/srv/request.db"), c.requestInstanceDbPath());
    assertEquals(Optional.of(Path.of("/srv/domain.db")), c.domainValidationDbPath());
    assertEquals(Optional.of(Path.of("/srv/publish.cfg")), c.publishSlaveInformationFile());
    assertEquals(Optional.of(Path.of("/srv/timestamp")), c.timestampPath());
    assertEquals(Optional.of(Path.of("/var/log/node.log")), c.logfile());
    assertTrue(c.debug());
    assertEquals(LogFormat.JSON, c.logFormat());
    assertEquals(address("::1", 9100), c.metricsAddress());
    assertEquals(Optional.of(URI.create("https://panel.example.com/api")), c.masterApiUrl());
    assertEquals(Optional.of(Path.of("/etc/ca.pem")), c.masterCaFile());
    assertEquals(Optional.of("SOFTINST-42"), c.instanceGuid());
    assertEquals(Optional.of(Path.of("/etc/partition.key")), c.keyFile());
    assertEquals(Optional.of(Path.of("/etc/partition.crt")), c.certFile());
    assertEquals(Optional.of("COMP-1"), c.computerId());
    assertEquals(Optional.of("slappart3"), c.partitionId());
    assertEquals(Optional.of("https://slap.example.com"), c.serverUrl());
    assertEquals(2.5, c.masterQps());
    assertEquals(20, c.masterBurst());
    assertEquals(Duration.ofMinutes(5), c.bangMinInterval());
    assertTrue(c.reportError());
    assertEquals(Optional.empty(), c.slaveSchema());
    assertEquals(Optional.of(Path.of("/opt/release/software.cfg.json")), c.softwareSchema());
    assertTrue(c.unstringify());
    assertEquals(new EntryBounds(65536, 16), c.entryBounds());
    assertEquals(Optional.of("https://lab.example.com/software.cfg"), c.softwareUrl());
    assertEquals(Optional.of("custom-personal"), c.softwareType());
    assertTrue(c.shared());
    assertEquals("cdn-", c.requestNamePrefix());
    assertEquals(
        List.of(Map.entry("computer_guid", "COMP-9"), Map.entry("instance_guid", "SOFTINST-7")),
        List.copyOf(c.sla().entrySet()));
    assertEquals(Duration.ofSeconds(90), c.resyncPeriod());
    assertEquals(8, c.workers());
    assertEquals(Duration.ofDays(1), c.instanceRetentionDelay());
    assertEquals(
        List.of(address("192.0.2.53", 53), address("2001:db8::53", 5353)), c.dnsNameservers());
    assertEquals("_acme-proof", c.dnsEntryName());
    assertEquals(DnsMode.AUTHORITATIVE, c.dnsMode());
    assertEquals(Duration.ofMillis(1500), c.dnsTimeout());
    assertEquals(64, c.dnsConcurrency());
    assertEquals(Duration.ofSeconds(30), c.challengeRecheckMin());
    assertEquals(Duration.ofHours(2), c.challengeRecheckMax());
    assertEquals(Duration.ofDays(14), c.certExpiryWarning());
    assertEquals(
        new BackendProbeSettings(
            BackendProbeMode.ENFORCE, Duration.ofMinutes(30), 2, Duration.ofSeconds(2), true),
        c.backendProbe());
    assertEquals(new VerificationSecret.FromFile(Path.of("/etc/secret")), c.verificationSecret());
  }

  @Test
  void unsetKeysTakeTheirDefaults() throws Exception {
    NodeConfig c = loadMinimalWith(dir);

    assertEquals(NodeKind.CDN, c.kind());
    assertEquals(new DesiredStateSetting.InstanceDb(), c.desiredState());
    assertEquals(Optional.empty(), c.publishSlaveInformationFile());
    assertEquals(Optional.empty(), c.timestampPath());
    assertEquals(Optional.empty(), c.logfile());
    assertFalse(c.debug());
    assertEquals(LogFormat.TEXT, c.logFormat());
    assertEquals(address("127.0.0.1", 9742), c.metricsAddress());
    assertEquals(Optional.empty(), c.masterApiUrl());
    assertEquals(Optional.empty(), c.masterCaFile());
    assertEquals(Optional.empty(), c.instanceGuid());
    assertEquals(Optional.empty(), c.keyFile());
    assertEquals(Optional.empty(), c.certFile());
    assertEquals(Optional.empty(), c.computerId());
    assertEquals(Optional.empty(), c.partitionId());
    assertEquals(Optional.empty(), c.serverUrl());
    assertEquals(5.0, c.masterQps());
    assertEquals(10, c.masterBurst());
    assertEquals(Duration.ofSeconds(60), c.bangMinInterval());
    assertFalse(c.reportError());
    assertEquals(Optional.empty(), c.slaveSchema());
    assertEquals(Optional.empty(), c.softwareSchema());
    assertFalse(c.unstringify());
    assertEquals(new EntryBounds(1 << 20, 64), c.entryBounds());
    assertEquals(Optional.empty(), c.softwareUrl());
    assertEquals(Optional.empty(), c.softwareType());
    assertFalse(c.shared());
    assertEquals("", c.requestNamePrefix());
    assertEquals(Map.of(), c.sla());
    assertEquals(Duration.ofSeconds(60), c.resyncPeriod());
    assertEquals(4, c.workers());
    assertEquals(Duration.ofSeconds(7_776_000), c.instanceRetentionDelay());
    assertEquals(List.of(), c.dnsNameservers());
    assertEquals("_slapos-challenge", c.dnsEntryName());
    assertEquals(DnsMode.RECURSIVE, c.dnsMode());
    assertEquals(Duration.ofSeconds(5), c.dnsTimeout());
    assertEquals(32, c.dnsConcurrency());
    assertEquals(Duration.ofSeconds(60), c.challengeRecheckMin());
    assertEquals(Duration.ofHours(1), c.challengeRecheckMax());
    assertEquals(Duration.ofDays(30), c.certExpiryWarning());
    assertEquals(new VerificationSecret.Generated(), c.verificationSecret());
    assertEquals(List.of(), c.privateSuffixes());
    assertEquals(Duration.ofSeconds(50), c.runOnceDeadline());
    assertEquals(
        new BackendProbeSettings(
            BackendProbeMode.WARN, Duration.ofHours(6), 4, Duration.ofSeconds(5), false),
        c.backendProbe());
  }

  @Test
  void privateSuffixesAreDnsNamesSeparatedBySpacesOrCommas() {
    NodeConfig c = loadMinimalWith(dir, "private-suffixes = internal .LAN, corp.example");
    assertEquals(List.of("internal", "lan", "corp.example"), c.privateSuffixes());
  }

  @Test
  void aPrivateSuffixThatIsNoDnsNameIsAnErrorNamingTheKey() {
    ConfigException error =
        assertThrows(
            ConfigException.class, () -> loadMinimalWith(dir, "private-suffixes = internal l_an"));
    assertTrue(error.getMessage().contains("key 'private-suffixes'"), error.getMessage());
    assertTrue(error.getMessage().contains("'l_an' is not a DNS name"), error.getMessage());
  }

  @Test
  void runOnceDeadlineIsAPositiveDuration() {
    assertEquals(
        Duration.ofSeconds(20), loadMinimalWith(dir, "run-once-deadline = 20s").runOnceDeadline());
    assertThrows(ConfigException.class, () -> loadMinimalWith(dir, "run-once-deadline = 0"));
  }

  @Test
  void blankValuesCountAsUnset() throws Exception {
    NodeConfig c =
        loadMinimalWith(dir, "workers =", "kind =", "dns-nameserver =", "logfile =", "debug =");
    assertEquals(4, c.workers());
    assertEquals(NodeKind.CDN, c.kind());
    assertEquals(List.of(), c.dnsNameservers());
    assertEquals(Optional.empty(), c.logfile());
    assertFalse(c.debug());
  }

  @Test
  void readsAConfigWrittenForThePythonImplementation() throws Exception {
    NodeConfig c =
        NodeConfig.load(
            write(
                dir,
                """
                [slaposinstancenode]
                instance-db-path = /srv/slapgrid/slappart7/srv/instance.db
                requestinstance-db-path = /srv/slapgrid/slappart7/srv/requestinstance.db
                domain-validation-db-path = /srv/slapgrid/slappart7/srv/domainvalidation.db
                server-url = https://slap.vifib.com
                key-file = /srv/slapgrid/slappart7/etc/slapos/key
                cert-file = /srv/slapgrid/slappart7/etc/slapos/cert
                computer-id = COMP-4567
                partition-id = slappart7
                software-url = https://lab.nexedi.com/nexedi/slapos/raw/1.0.400/software/rapid-cdn/software.cfg
                software-type = default
                shared = true
                request-name-prefix = cdn-
                sla-computer_guid = COMP-1234
                dns-nameserver = 8.8.8.8,1.1.1.1:53
                verification-secret = 3f9c2a7e1b5d4c6a8e0f2b4d6a8c0e1f
                openssl-binary = /srv/slapgrid/shared/openssl/bin/openssl
                logfile = /srv/slapgrid/slappart7/var/log/instancenode.log
                debug = false
                timestamp-path = /srv/slapgrid/slappart7/var/instancenode.timestamp
                instance-retention-delay = 7776000
                publish-slave-information-file = /srv/slapgrid/slappart7/etc/publish-slave-information.cfg
                report-error = false
                """));

    assertEquals(NodeKind.CDN, c.kind());
    assertEquals(new DesiredStateSetting.InstanceDb(), c.desiredState());
    assertEquals(
        Optional.of(Path.of("/srv/slapgrid/slappart7/srv/domainvalidation.db")),
        c.domainValidationDbPath());
    assertEquals(Optional.of("https://slap.vifib.com"), c.serverUrl());
    assertEquals(Optional.of("default"), c.softwareType());
    assertTrue(c.shared());
    assertEquals(Map.of("computer_guid", "COMP-1234"), c.sla());
    assertEquals(List.of(address("8.8.8.8", 53), address("1.1.1.1", 53)), c.dnsNameservers());
    assertEquals(
        new VerificationSecret.Inline("3f9c2a7e1b5d4c6a8e0f2b4d6a8c0e1f"), c.verificationSecret());
    assertFalse(c.debug());
    assertFalse(c.reportError());
    assertEquals(Duration.ofSeconds(7_776_000), c.instanceRetentionDelay());
  }

  @Test
  void relativePathsAreResolvedAgainstTheConfigDirectory() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    NodeConfig c =
        NodeConfig.load(
            write(
                etc,
                """
                [slaposinstancenode]
                instance-db-path = ../var/instance.db
                requestinstance-db-path = request.db
                domain-validation-db-path = /abs/domain.db
                desired-state = file:entries/list.json
                slave-schema = ./schema.json
                """));
    Path base = etc.toAbsolutePath().normalize();
    assertEquals(base.resolveSibling("var/instance.db"), c.instanceDbPath());
    assertEquals(base.resolve("request.db"), c.requestInstanceDbPath());
    assertEquals(Optional.of(Path.of("/abs/domain.db")), c.domainValidationDbPath());
    assertEquals(new DesiredStateSetting.File(base.resolve("entries/list.json")), c.desiredState());
    assertEquals(Optional.of(base.resolve("schema.json")), c.slaveSchema());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1                       | 127.0.0.1 | 53",
        "127.0.0.1:5353                  | 127.0.0.1 | 5353",
        "[::1]:5353                      | ::1       | 5353",
        "2001:db8::1                     | 2001:db8::1 | 53",
        "' 192.0.2.1 '                   | 192.0.2.1 | 53",
      })
  void nameserverForms(String entry, String ip, int port) throws Exception {
    NodeConfig c = loadMinimalWith(dir, "dns-nameserver = " + entry);
    assertEquals(List.of(address(ip, port)), c.dnsNameservers());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "instance-db        | InstanceDb",
        "master             | Master",
        "file:/data/x.json  | File",
      })
  void desiredStateForms(String value, String type) {
    NodeConfig c =
        loadMinimalWith(
            dir,
            "desired-state = " + value,
            "master-api-url = http://127.0.0.1:8080",
            "instance-guid = SOFTINST-1",
            "slave-schema = /data/schema.json");
    assertEquals(type, c.desiredState().getClass().getSimpleName());
    if (c.desiredState() instanceof DesiredStateSetting.File file) {
      assertEquals(Path.of("/data/x.json"), file.path());
    }
  }

  @Test
  void anInlineSecretIsNeverShownByToString() {
    NodeConfig c = loadMinimalWith(dir, "verification-secret = do-not-print-me-7f3a");
    assertEquals(new VerificationSecret.Inline("do-not-print-me-7f3a"), c.verificationSecret());
    assertFalse(c.toString().contains("do-not-print-me"), c.toString());
  }

  @Test
  void slaKeysWithBlankValuesAreDropped() {
    NodeConfig c = loadMinimalWith(dir, "sla-b = 2", "sla-a =", "sla-c = 3");
    assertEquals(List.of("b", "c"), List.copyOf(c.sla().keySet()));
  }

  @Test
  void metricsAddressAcceptsAHostNameAndPortZero() {
    InetSocketAddress a = loadMinimalWith(dir, "metrics-address = localhost:0").metricsAddress();
    assertTrue(a.isUnresolved());
    assertEquals("localhost", a.getHostString());
    assertEquals(0, a.getPort());
  }
}
