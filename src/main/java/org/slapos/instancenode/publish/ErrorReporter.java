package org.slapos.instancenode.publish;

import java.time.Clock;
import java.util.Optional;
import org.slapos.instancenode.cdn.EntryPublisher;
import org.slapos.instancenode.cdn.Verdict;
import org.slapos.instancenode.master.MasterException;
import org.slapos.instancenode.master.MasterWrites;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.PublishedLedger;

/**
 * {@code report-error}: an entry invalid by our checks gets its error message on the master ({@code
 * slapos.put.v0.software_instance_error} or SLAP's {@code softwareInstanceError}); nothing is sent
 * for a valid entry, as the Python implementation does. A message identical to the last one
 * accepted for the entry is not sent again, also across restarts; once the entry is valid the
 * memory of its last error goes, so the same error coming back is reported again.
 */
public final class ErrorReporter implements EntryPublisher {
  static final String CHANNEL = "error";

  private final MasterWrites master;
  private final PublishedLedger ledger;
  private final Clock clock;

  public ErrorReporter(MasterWrites master, PublishedLedger ledger, Clock clock) {
    this.master = master;
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public void publish(String reference, Verdict verdict) throws MasterException {
    Optional<String> last = ledger.last(reference, CHANNEL);
    if (!InstanceRow.INVALID.equals(verdict.state())) {
      if (last.isPresent()) {
        ledger.forget(reference, CHANNEL);
      }
      return;
    }
    String message = verdict.message();
    if (last.filter(message::equals).isPresent()) {
      return;
    }
    master.putError(reference, message);
    ledger.record(reference, CHANNEL, message, Long.toString(clock.instant().getEpochSecond()));
  }
}
