package org.slapos.instancenode.desired;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.master.HostInstance;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterException;
import org.slapos.instancenode.master.MasterRejectedException;
import org.slapos.instancenode.master.SharedInstanceList;

/**
 * Desired state from the SlapOS master: the shared instances of the host instance {@code
 * instance-guid}, listed by {@code slapos.allDocs.v0.instance_node_instance_list}. A failed listing
 * throws, so it is never mistaken for the removal of every entry.
 */
public final class MasterSource implements DesiredStateSource {
  static final String HOST_NOT_FOUND = "HOST-INSTANCE-NOT-FOUND";
  // The digest stream takes every entry: Jackson must not close it after the first.
  private static final ObjectWriter WRITER =
      Json.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final MasterClient master;
  private final HostInstance host;
  private final SharedInstanceList list;
  private final String description;

  public MasterSource(MasterClient master, String hostInstanceGuid, SharedInstanceList list) {
    this(master, HostInstance.given(hostInstanceGuid), list);
  }

  /** Lists the shared instances of {@code host}, found on the master at the first listing. */
  public MasterSource(MasterClient master, HostInstance host, SharedInstanceList list) {
    this.master = master;
    this.host = host;
    this.list = list;
    this.description = "master:" + master.describe() + " host " + host.describe();
  }

  @Override
  public Listing read() {
    SharedInstanceList.Parsed listed;
    try {
      listed = master.sharedInstances(host.guid(), list);
    } catch (MasterRejectedException e) {
      if (HOST_NOT_FOUND.equals(e.type())) {
        throw new DesiredStateException(
            "the master does not know the host instance "
                + host.describe()
                + ": check instance-guid and the partition's certificate; "
                + e.getMessage(),
            e);
      }
      throw unavailable(e);
    } catch (MasterException e) {
      throw unavailable(e);
    }
    Listing.Content content = Listings.content(listed);
    return Listing.of(digest(content), () -> content);
  }

  private DesiredStateException unavailable(MasterException e) {
    return new DesiredStateException(
        "cannot list the shared instances of "
            + host.describe()
            + " from the master: "
            + e.getMessage(),
        e);
  }

  /**
   * A digest of the listing's content, so an unchanged listing skips the schema step; streamed
   * entry by entry, because parameters carry certificates and a listing can be large.
   */
  private static String digest(Listing.Content content) {
    MessageDigest digest = Sha256.newDigest();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      for (DesiredEntry entry : content.entries()) {
        WRITER.writeValue(sink, entry);
        sink.write('\n');
      }
      for (String message : content.unreadable()) {
        WRITER.writeValue(sink, message);
        sink.write('\n');
      }
      sink.write('\n');
      for (String message : content.refused()) {
        WRITER.writeValue(sink, message);
        sink.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException("a listed entry cannot be serialised", e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public String describe() {
    return description;
  }
}
