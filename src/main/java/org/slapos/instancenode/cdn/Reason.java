package org.slapos.instancenode.cdn;

import java.util.List;
import org.slapos.instancenode.json.EntryBounds;

/**
 * The stable reason codes of ARCHITECTURE.md section 6, stored in {@code json_error.reason}, used
 * as metric labels and shown to operators. When several checks fail, the reported reason is the
 * first of them in {@link #ORDER}.
 */
public final class Reason {
  /** Over {@code max-entry-bytes} or {@code max-entry-depth}: refused before the schema. */
  public static final String ENTRY_TOO_LARGE = EntryBounds.TOO_LARGE;

  public static final String SCHEMA = "schema";
  public static final String ALIAS_INVALID = "alias-invalid";
  public static final String ALIAS_FOREIGN_DOMAIN = "alias-foreign-domain";
  public static final String ALIAS_CONFLICT = "alias-conflict";
  public static final String ALIAS_WITHOUT_DOMAIN = "alias-without-domain";
  public static final String NETLOC_INVALID = "netloc-invalid";
  public static final String CIPHER_UNSUPPORTED = "cipher-unsupported";
  public static final String CERTIFICATE_INVALID = "certificate-invalid";
  public static final String CERTIFICATE_KEY_MISMATCH = "certificate-key-mismatch";
  public static final String CERTIFICATE_NAME_MISMATCH = "certificate-name-mismatch";
  public static final String CERTIFICATE_EXPIRED = "certificate-expired";
  public static final String CERTIFICATE_TRIO_INCOMPLETE = "certificate-trio-incomplete";

  /** A live probe saw a backend certificate the CDN would refuse (an error under enforce). */
  public static final String BACKEND_CERTIFICATE_UNTRUSTED = "backend-certificate-untrusted";

  public static final String DOMAIN_CONFLICT = "domain-conflict";
  public static final String DNS_CHALLENGE_PENDING = "dns-challenge-pending";
  public static final String CLUSTER_DEPLOYING = "cluster-deploying";

  /** Every code, most important first. */
  public static final List<String> ORDER =
      List.of(
          ENTRY_TOO_LARGE,
          SCHEMA,
          ALIAS_INVALID,
          ALIAS_FOREIGN_DOMAIN,
          ALIAS_CONFLICT,
          ALIAS_WITHOUT_DOMAIN,
          NETLOC_INVALID,
          CIPHER_UNSUPPORTED,
          CERTIFICATE_INVALID,
          CERTIFICATE_KEY_MISMATCH,
          CERTIFICATE_NAME_MISMATCH,
          CERTIFICATE_EXPIRED,
          CERTIFICATE_TRIO_INCOMPLETE,
          BACKEND_CERTIFICATE_UNTRUSTED,
          DOMAIN_CONFLICT,
          DNS_CHALLENGE_PENDING,
          CLUSTER_DEPLOYING);

  private Reason() {}

  /** The position of {@code reason} in {@link #ORDER}; unknown codes sort last. */
  public static int rank(String reason) {
    int rank = ORDER.indexOf(reason);
    return rank < 0 ? ORDER.size() : rank;
  }
}
