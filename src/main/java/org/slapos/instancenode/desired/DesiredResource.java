package org.slapos.instancenode.desired;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

/**
 * One desired entry as the informer cache holds it: its validated {@code instance} row and the
 * hosts its parameters claim, so that the cache can index it by host.
 *
 * <p>Immutable and thread-safe. Its Kubernetes identity is derived, not stored: {@code
 * metadata.name} is the reference and {@code metadata.resourceVersion} is {@code
 * hash:valid_parameter:timestamp}, what changes when the entry changes (the timestamp too: a
 * rewrite that keeps the parameters, such as new schema errors, is a change). It keeps the row's
 * strings and the hosts only (no parsed JSON, no {@link ObjectMeta}) so that 100,000 of them stay
 * small.
 */
public final class DesiredResource implements HasMetadata {
  private final InstanceRow row;
  private final StoredSummary stored;
  private final List<String> hosts;

  /** Wraps {@code row}, reading its hosts from its parameters; never fails on bad parameters. */
  public DesiredResource(InstanceRow row) {
    this(row, Optional.empty());
  }

  /**
   * Wraps {@code row} as {@code screen} judges it: a refused row is served as invalid, with no
   * parameters and the refusal as its error; a NULL {@code json_parameters} as no parameters. Its
   * version stays the stored row's, so an unchanged row is not read again.
   */
  DesiredResource(InstanceRow row, RowScreen screen) {
    this(row, screen.check(row));
  }

  private DesiredResource(InstanceRow read, Optional<DesiredEntry.Refusal> refusal) {
    InstanceRow stored = SharedStrings.of(Objects.requireNonNull(read, "row"));
    this.stored = new StoredSummary(stored.hash(), stored.validParameter(), stored.timestamp());
    if (refusal.isPresent()) {
      this.row = RowScreen.refused(stored, refusal.get());
    } else if (stored.jsonParameters() == null) {
      this.row =
          new InstanceRow(
              stored.reference(),
              "{}",
              stored.jsonError(),
              stored.hash(),
              stored.timestamp(),
              stored.validParameter());
    } else {
      this.row = stored;
    }
    this.hosts = ParameterHosts.of(row.jsonParameters());
  }

  public String reference() {
    return row.reference();
  }

  public InstanceRow row() {
    return row;
  }

  /**
   * {@code custom_domain} and each {@code server-alias}: lower case, without a trailing dot or a
   * leading {@code *.}, without duplicates, {@code custom_domain} first. Empty when the parameters
   * are not a JSON object or these fields are not strings.
   */
  public List<String> hosts() {
    return hosts;
  }

  /** {@code hash:valid_parameter:timestamp}: equal versions mean the same desired entry. */
  public String resourceVersion() {
    return stored.hash() + ":" + stored.validParameter() + ":" + stored.timestamp();
  }

  /** The stored row's hash, {@code valid_parameter} and timestamp, as read (not as served). */
  StoredSummary version() {
    return stored;
  }

  /**
   * Whether this is the version {@code summary} describes. The timestamp counts because the hash is
   * of the parameters only: slapconfiguration rewriting an entry's errors (a new schema) keeps it.
   */
  boolean hasVersion(StoredSummary summary) {
    return stored.equals(summary);
  }

  /** A new {@link ObjectMeta} on each call: changing it changes nothing here. */
  @Override
  public ObjectMeta getMetadata() {
    return new ObjectMetaBuilder()
        .withName(reference())
        .withResourceVersion(resourceVersion())
        .build();
  }

  /**
   * @throws UnsupportedOperationException always: the resource is immutable
   */
  @Override
  public void setMetadata(ObjectMeta metadata) {
    throw immutable();
  }

  /**
   * @throws UnsupportedOperationException always: the resource is immutable
   */
  @Override
  public void setApiVersion(String version) {
    throw immutable();
  }

  private UnsupportedOperationException immutable() {
    return new UnsupportedOperationException("desired resource " + reference() + " is immutable");
  }

  /** Reference, version and hosts; never the parameters, which may hold private keys. */
  @Override
  public String toString() {
    return "DesiredResource[" + reference() + " " + resourceVersion() + " hosts=" + hosts + "]";
  }
}
