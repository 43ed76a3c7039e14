package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.store.BackendProbes;
import org.slapos.instancenode.store.InstanceRow;

/**
 * What the checks decide from: an immutable view of one present entry gathered at the start of its
 * reconcile.
 *
 * @param desired the entry's row in the instance DB (its validated parameters and schema outcome)
 * @param parameters {@code desired}'s parameters, parsed (empty when they are not a JSON object)
 * @param hosts the host names the entry asks for (custom domain and aliases, normalised)
 * @param hostOwners for each of {@code hosts} that another entry holds, that entry's reference
 * @param now the time of the reconcile
 * @param backendProbe the last live TLS probe of the entry's backends, as the request DB keeps it
 */
public record EntrySnapshot(
    InstanceRow desired,
    ObjectNode parameters,
    List<String> hosts,
    Map<String, String> hostOwners,
    Instant now,
    Optional<BackendProbes.Stored> backendProbe) {

  public EntrySnapshot {
    hosts = List.copyOf(hosts);
    hostOwners = Map.copyOf(hostOwners);
    Objects.requireNonNull(backendProbe, "backendProbe");
  }

  /** A snapshot with no probe of its backends. */
  public EntrySnapshot(
      InstanceRow desired,
      ObjectNode parameters,
      List<String> hosts,
      Map<String, String> hostOwners,
      Instant now) {
    this(desired, parameters, hosts, hostOwners, now, Optional.empty());
  }

  public String reference() {
    return desired.reference();
  }

  /** The text of a string parameter, or null when absent or not a string. */
  public String text(String field) {
    var value = parameters.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /** This snapshot as if no other entry held {@code host}. */
  EntrySnapshot withoutOwnerOf(String host) {
    Map<String, String> owners = new HashMap<>(hostOwners);
    owners.remove(host);
    return new EntrySnapshot(desired, parameters, hosts, owners, now, backendProbe);
  }
}
