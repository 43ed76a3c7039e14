package org.slapos.instancenode.config;

import java.time.Duration;

/**
 * Rules that tie keys together. A rule about a key whose own value was bad stays silent (the bad
 * value is reported already), and a required key that is present but bad is not reported again as
 * missing.
 */
final class CrossKeyRules {
  private CrossKeyRules() {}

  /** Checks the rules over the values read, reporting to {@code values}. */
  static void check(
      SectionValues values,
      NodeKind readKind,
      DesiredStateSetting readDesired,
      Duration recheckMin,
      Duration recheckMax) {
    NodeKind kind = values.isBad("kind") ? null : readKind;
    DesiredStateSetting desired = values.isBad("desired-state") ? null : readDesired;
    if (kind == NodeKind.CDN) {
      requireFor(values, "kind", "kind = cdn (the default)", "domain-validation-db-path");
    }
    if (kind == NodeKind.GENERIC) {
      requireFor(values, "kind", "kind = generic", "software-url", "software-type");
    }
    if (desired instanceof DesiredStateSetting.Master) {
      requireFor(values, "desired-state", "desired-state = master", "master-api-url");
    }
    masterKeys(values, desired instanceof DesiredStateSetting.Master);
    exclusive(values, "slave-schema", "software-schema");
    boolean slaveSchema = values.has("slave-schema");
    boolean softwareSchema = values.has("software-schema");
    if (!slaveSchema
        && !softwareSchema
        && (desired instanceof DesiredStateSetting.Master
            || desired instanceof DesiredStateSetting.File)) {
      values.report(
          "desired-state",
          "desired-state = %s needs 'slave-schema' or 'software-schema' to validate the entries"
              .formatted(desired instanceof DesiredStateSetting.Master ? "master" : "file:..."));
    }
    if (softwareSchema && !values.has("software-type")) {
      values.report(
          "software-schema",
          "'software-schema' needs 'software-type' to pick the shared instance schema");
    }
    exclusive(values, "verification-secret", "verification-secret-file");
    if (values.has("key-file") != values.has("cert-file")) {
      values.report(
          values.has("key-file") ? "key-file" : "cert-file",
          "'key-file' and 'cert-file' go together: give both or neither");
    }
    if (!values.isBad("challenge-recheck-min")
        && !values.isBad("challenge-recheck-max")
        && recheckMax.compareTo(recheckMin) < 0) {
      values.report(
          "challenge-recheck-max",
          "'challenge-recheck-max' must not be shorter than 'challenge-recheck-min'");
    }
  }

  /**
   * The keys that name the master must be complete for the protocol they select: JSON-RPC ({@code
   * master-api-url}) needs the host instance, given or found from its partition; SLAP ({@code
   * server-url} alone) speaks for the host partition.
   */
  private static void masterKeys(SectionValues values, boolean masterDesiredState) {
    boolean partitionNamed = values.has("computer-id") && values.has("partition-id");
    boolean jsonRpc = values.has("master-api-url") && !values.isBad("master-api-url");
    if ((masterDesiredState || jsonRpc) && !values.has("instance-guid") && !partitionNamed) {
      String because = masterDesiredState ? "desired-state = master" : "'master-api-url'";
      values.report(
          masterDesiredState ? "desired-state" : "master-api-url",
          because
              + " requires 'instance-guid', or 'computer-id' and 'partition-id' to find the host"
              + " instance");
    }
    if (values.has("server-url") && !values.has("master-api-url")) {
      requireFor(
          values, "server-url", "'server-url' (the SLAP master)", "computer-id", "partition-id");
    }
  }

  private static void requireFor(
      SectionValues values, String becauseKey, String because, String... required) {
    for (String key : required) {
      if (!values.has(key)) {
        values.report(becauseKey, because + " requires '" + key + "'");
      }
    }
  }

  private static void exclusive(SectionValues values, String first, String second) {
    if (values.has(first) && values.has(second)) {
      values.report(second, "give either '" + first + "' or '" + second + "', not both");
    }
  }
}
