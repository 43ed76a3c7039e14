package org.slapos.instancenode.cdn;

import java.util.Objects;

/**
 * A valid host name, as {@link HostNames#parse} accepts it.
 *
 * @param name the name compared and stored: lower case, no trailing dot, without the leading {@code
 *     *.} of a wildcard
 * @param wildcard whether it was given as {@code *.name}, covering the names one label below
 * @param registrableDomain the part of {@code name} one label below its public suffix (Public
 *     Suffix List, private section included): {@code example.co.uk} for {@code www.example.co.uk}
 */
public record HostName(String name, boolean wildcard, String registrableDomain) {

  public HostName {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(registrableDomain, "registrableDomain");
  }

  /** Whether this name and {@code other} belong to the same registrable domain. */
  public boolean sameRegistrableDomain(HostName other) {
    return registrableDomain.equals(other.registrableDomain);
  }
}
