package org.slapos.instancenode.store;

import java.util.Objects;

/**
 * One row of {@code domain_validation}: the DNS challenge of an entry for its custom domain.
 *
 * @param instanceReference the entry reference (primary key)
 * @param domain the custom domain the token was issued for
 * @param token the value to publish as a TXT record
 * @param validated whether the challenge was met (stored as 0 or 1, as Python does)
 * @param timestamp Unix seconds as text
 */
public record DomainValidation(
    String instanceReference, String domain, String token, boolean validated, String timestamp) {

  public DomainValidation {
    Objects.requireNonNull(instanceReference, "instanceReference");
  }
}
