package org.slapos.instancenode.cdn;

import java.util.Map;
import org.slapos.instancenode.store.InstanceRow;

/**
 * What the user must do about an entry, by its state and reason: the one short instruction the
 * operator's tools ({@code audit}) show beside the stored message, which gives the details (the
 * fields, the names, the TXT record). Every code of {@link Reason#ORDER} has one.
 */
public final class WhatToDo {
  private static final Map<String, String> BY_REASON =
      Map.ofEntries(
          Map.entry(
              Reason.ENTRY_TOO_LARGE,
              "shrink the parameters below max-entry-bytes and max-entry-depth"),
          Map.entry(Reason.SCHEMA, "fix the parameters the errors name"),
          Map.entry(Reason.ALIAS_INVALID, "correct or remove the host names the errors name"),
          Map.entry(
              Reason.ALIAS_FOREIGN_DOMAIN,
              "use aliases under the custom domain's registrable domain, or request them apart"),
          Map.entry(Reason.ALIAS_CONFLICT, "remove the host names another entry already holds"),
          Map.entry(Reason.ALIAS_WITHOUT_DOMAIN, "set custom_domain, or remove the aliases"),
          Map.entry(Reason.NETLOC_INVALID, "write each netloc as host:port or [ipv6]:port"),
          Map.entry(Reason.CIPHER_UNSUPPORTED, "use only ciphers the CDN supports"),
          Map.entry(Reason.CERTIFICATE_INVALID, "give a valid PEM certificate (one leaf)"),
          Map.entry(Reason.CERTIFICATE_KEY_MISMATCH, "give the private key of ssl_crt"),
          Map.entry(
              Reason.CERTIFICATE_NAME_MISMATCH,
              "give a certificate covering the custom domain and every alias"),
          Map.entry(Reason.CERTIFICATE_EXPIRED, "give a certificate valid now"),
          Map.entry(
              Reason.CERTIFICATE_TRIO_INCOMPLETE,
              "give ssl_crt and ssl_key with ssl_ca_crt, or remove ssl_ca_crt"),
          Map.entry(
              Reason.BACKEND_CERTIFICATE_UNTRUSTED,
              "give the backend a certificate for its host signed by ssl_proxy_ca_crt (or a"
                  + " public authority), or correct ssl_proxy_ca_crt"),
          Map.entry(Reason.DOMAIN_CONFLICT, "use another domain: another entry holds this one"),
          Map.entry(Reason.DNS_CHALLENGE_PENDING, "publish the TXT record the message names"),
          Map.entry(Reason.CLUSTER_DEPLOYING, "nothing: wait for the cluster to deploy"));

  /** The instruction for an invalid entry whose reason is not a known code. */
  public static final String UNKNOWN = "read the errors";

  private WhatToDo() {}

  /**
   * The instruction for an entry in {@code state} (the request DB's {@code valid}, {@code invalid}
   * or {@code stopped}) with {@code reason} (empty unless invalid).
   */
  public static String about(String state, String reason) {
    return switch (state) {
      case InstanceRow.VALID -> "nothing";
      case InstanceRow.STOPPED -> "nothing: no longer requested, kept for the retention delay";
      default -> BY_REASON.getOrDefault(reason, UNKNOWN);
    };
  }
}
