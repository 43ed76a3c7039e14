package org.slapos.instancenode.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

/**
 * Level-triggered diff of the desired state against the observed state: the references one pass
 * must queue. A pure function, linear in the number of entries.
 *
 * <p>The safety valve: when the removals would be more than half of the entries known (not already
 * absent, nor stopped while absent), they are held and applied only if the next pass finds exactly
 * the same removals.
 */
final class WorkPlanner {
  private final Duration retention;

  WorkPlanner(Duration retention) {
    this.retention = retention;
  }

  /**
   * @param desired hash and state of every desired entry (from the informer cache), by reference
   * @param changed references the cache saw added, updated or deleted during this pass
   * @param observed the request DB's rows, by reference
   * @param absentSince the request DB's absence dates (Unix seconds), by reference
   * @param recheckInvalid queue every entry that passed the schema yet failed a check (first pass,
   *     SIGHUP, run-once): what it waits for (DNS, a host) may have come
   * @param previouslyHeld the digest of the removals the previous pass held, if any
   * @param nextChecks when each pending DNS challenge is due, by reference: such an entry is
   *     re-checked in every pass once due, never before (a recheck pass queues it for then)
   * @param timedRechecks when each entry's checks may change with time (its certificate expiring),
   *     by reference: such an entry is queued once due, whatever its state; a recheck pass queues
   *     it for then
   * @param settled pairs left out of both {@code desired} and {@code observed} because they agree
   *     ({@link org.slapos.instancenode.store.StoredDiff}): each is a known entry with nothing to
   *     do
   */
  WorkPlan plan(
      Map<String, StoredSummary> desired,
      Set<String> changed,
      Map<String, StoredSummary> observed,
      Map<String, String> absentSince,
      boolean recheckInvalid,
      String previouslyHeld,
      Map<String, Instant> nextChecks,
      Map<String, Instant> timedRechecks,
      Instant now,
      int settled) {
    List<String> queueNow = new ArrayList<>();
    List<String> recheck = new ArrayList<>();
    Map<String, Duration> later = new HashMap<>();
    for (Map.Entry<String, StoredSummary> entry : desired.entrySet()) {
      String reference = entry.getKey();
      StoredSummary seen = read(observed.get(reference));
      if (seen == null
          || changed.contains(reference)
          || absentSince.containsKey(reference)
          || !entry.getValue().hash().equals(seen.hash())
          || stopped(entry.getValue()) != stopped(seen)
          || schemaInvalid(entry.getValue())
              && (!InstanceRow.INVALID.equals(seen.validParameter())
                  || rewrittenSince(entry.getValue(), seen))) {
        queueNow.add(reference);
        continue;
      }
      Instant timed = timedRechecks.get(reference);
      if (timed != null && !timed.isAfter(now)) {
        recheck.add(reference);
        continue;
      }
      if (timed != null && recheckInvalid) {
        later.put(reference, Duration.between(now, timed));
      }
      if (InstanceRow.INVALID.equals(seen.validParameter())
          && InstanceRow.VALID.equals(entry.getValue().validParameter())) {
        // Schema errors cannot go away before the parameters change; other failures can.
        Instant due = nextChecks.get(reference);
        if (due != null && due.isAfter(now)) {
          if (recheckInvalid) {
            later.merge(reference, Duration.between(now, due), WorkPlanner::earlier);
          }
        } else if (recheckInvalid || due != null) {
          recheck.add(reference);
        }
      }
    }
    TreeSet<String> removals = new TreeSet<>();
    int known = settled;
    for (Map.Entry<String, StoredSummary> entry : observed.entrySet()) {
      String reference = entry.getKey();
      String since = absentSince.get(reference);
      if (since != null) {
        if (!desired.containsKey(reference)) {
          Instant due = Instant.ofEpochSecond(Long.parseLong(since)).plus(retention);
          later.put(reference, due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
        }
        continue;
      }
      if (!desired.containsKey(reference) && stopped(read(entry.getValue()))) {
        // Stopped before this node knew it (the Python node records an absence so): already
        // absent, not a new removal; its reconcile adopts the stop date as its absence date.
        queueNow.add(reference);
        continue;
      }
      known++;
      if (!desired.containsKey(reference)) {
        removals.add(reference);
      }
    }
    if (removals.size() * 2 > known) {
      String digest = Sha256.hex(String.join("\n", removals).getBytes(StandardCharsets.UTF_8));
      if (!digest.equals(previouslyHeld)) {
        return new WorkPlan(queueNow, recheck, later, Set.copyOf(removals), digest);
      }
    }
    queueNow.addAll(removals);
    return new WorkPlan(queueNow, recheck, later, Set.of(), null);
  }

  private static StoredSummary read(StoredSummary seen) {
    return seen == null ? null : seen.withStateRead();
  }

  private static Duration earlier(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Whether the desired row was written after the request row was: its schema errors may have
   * changed with the parameters unchanged (a new release's schema), which the hash cannot show.
   * Only schema-invalid rows need this, a valid row's errors being always none. The request row's
   * timestamp moves only when what it records changes, and it records the schema errors, so once
   * recorded the entry is not queued again; a desired row rewritten with nothing new is reconciled
   * once per pass, and writes nothing. Strictly newer: both written in the same second is the usual
   * order (recorded from that row), not a rewrite.
   */
  static boolean rewrittenSince(StoredSummary desired, StoredSummary seen) {
    OptionalLong written = InstanceRow.seconds(desired.timestamp());
    OptionalLong recorded = InstanceRow.seconds(seen.timestamp());
    return written.isPresent()
        && recorded.isPresent()
        && written.getAsLong() > recorded.getAsLong();
  }

  private static boolean schemaInvalid(StoredSummary desired) {
    return InstanceRow.INVALID.equals(desired.validParameter());
  }

  private static boolean stopped(StoredSummary summary) {
    return InstanceRow.STOPPED.equals(summary.validParameter());
  }
}
