package org.slapos.instancenode.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slapos.instancenode.master.SharedInstance;
import org.slapos.instancenode.master.SharedInstanceList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the items a source read into a listing's content: refused items become entries too. */
final class Listings {
  private static final Logger LOG = LoggerFactory.getLogger(Listings.class);

  private Listings() {}

  /**
   * The entries of {@code parsed}, listed ones first; an item whose reference the stores cannot
   * keep (see {@link References}) is refused here, whatever the source, before it can be merged
   * with another.
   */
  static Listing.Content content(SharedInstanceList.Parsed parsed) {
    List<DesiredEntry> entries = new ArrayList<>(parsed.entries().size());
    List<String> unstorable = new ArrayList<>();
    for (SharedInstance listed : parsed.entries()) {
      Optional<String> problem = References.problem(listed.instanceGuid());
      if (problem.isPresent()) {
        unstorable.add(problem.get());
      } else {
        entries.add(DesiredEntry.of(listed));
      }
    }
    List<String> unreadable = new ArrayList<>();
    for (SharedInstanceList.Refused refused : parsed.refused()) {
      Optional<String> problem = refused.reference().flatMap(References::problem);
      if (problem.isPresent()) {
        unstorable.add(problem.get());
      } else if (refused.reason().equals(SharedInstanceList.DUPLICATE)) {
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
    return new Listing.Content(entries, unreadable, unstorable);
  }
}
