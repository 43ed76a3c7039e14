package org.slapos.instancenode.desired;

import java.util.ArrayList;
import java.util.List;
import org.slapos.instancenode.master.SharedInstanceList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the items a source read into a listing's content: refused items become entries too. */
final class Listings {
  private static final Logger LOG = LoggerFactory.getLogger(Listings.class);

  private Listings() {}

  static Listing.Content content(SharedInstanceList.Parsed parsed) {
    List<DesiredEntry> entries = new ArrayList<>(parsed.entries().size());
    parsed.entries().forEach(listed -> entries.add(DesiredEntry.of(listed)));
    List<String> unreadable = new ArrayList<>();
    for (SharedInstanceList.Refused refused : parsed.refused()) {
      if (refused.reason().equals(SharedInstanceList.DUPLICATE)) {
        LOG.atWarn()
            .setMessage("listed item ignored")
            .addKeyValue("error", refused.message())
            .log();
      } else if (refused.reference().isPresent()) {
        entries.add(DesiredEntry.refused(refused));
      } else {
        unreadable.add(refused.message());
      }
    }
    return new Listing.Content(entries, unreadable);
  }
}
