package org.slapos.instancenode.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterException;
import org.slapos.instancenode.master.MasterRejectedException;
import org.slapos.instancenode.master.SharedInstance;

/**
 * Desired state from the SlapOS master: the shared instances of the host instance {@code
 * instance-guid}, listed by {@code slapos.allDocs.v0.instance_node_instance_list}. A failed listing
 * throws, so it is never mistaken for the removal of every entry.
 */
public final class MasterSource implements DesiredStateSource {
  static final String HOST_NOT_FOUND = "HOST-INSTANCE-NOT-FOUND";

  private final MasterClient master;
  private final String hostInstanceGuid;
  private final String description;

  /**
   * @param url the master's API URL, for descriptions
   */
  public MasterSource(MasterClient master, String hostInstanceGuid, URI url) {
    this.master = master;
    this.hostInstanceGuid = hostInstanceGuid;
    String shown =
        url.getRawUserInfo() == null
            ? url.toString()
            : url.toString().replace(url.getRawUserInfo() + "@", "");
    this.description = "master:" + shown + " instance-guid " + hostInstanceGuid;
  }

  @Override
  public Listing read() {
    List<SharedInstance> listed;
    try {
      listed = master.sharedInstances(hostInstanceGuid);
    } catch (MasterRejectedException e) {
      if (HOST_NOT_FOUND.equals(e.type())) {
        throw new DesiredStateException(
            "the master does not know the host instance "
                + hostInstanceGuid
                + " (instance-guid): check instance-guid and the partition's certificate; "
                + e.getMessage(),
            e);
      }
      throw unavailable(e);
    } catch (MasterException e) {
      throw unavailable(e);
    }
    List<DesiredEntry> entries = listed.stream().map(DesiredEntry::of).toList();
    return new Listing(digest(entries), () -> entries);
  }

  private DesiredStateException unavailable(MasterException e) {
    return new DesiredStateException(
        "cannot list the shared instances of "
            + hostInstanceGuid
            + " (instance-guid) from the master: "
            + e.getMessage(),
        e);
  }

  /** A digest of the listing's content, so an unchanged listing skips the schema step. */
  private static String digest(List<DesiredEntry> entries) {
    try {
      return Sha256.hex(Json.MAPPER.writeValueAsBytes(entries));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a listed entry cannot be serialised", e);
    }
  }

  @Override
  public String describe() {
    return description;
  }
}
