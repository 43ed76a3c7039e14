package org.slapos.instancenode.desired;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;

/** Records the events it receives, and what the cache held for the entry at that moment. */
final class RecordingHandler implements ResourceEventHandler<DesiredResource> {
  /** One event: {@code old} null for an add, {@code current} null for a delete. */
  record Event(DesiredResource old, DesiredResource current, boolean cachedWhenCalled) {}

  private final DesiredCache cache;
  final List<Event> events = new ArrayList<>();

  RecordingHandler(DesiredCache cache) {
    this.cache = cache;
  }

  @Override
  public void onAdd(DesiredResource resource) {
    events.add(new Event(null, resource, cache.resource(resource.reference()).isPresent()));
  }

  @Override
  public void onUpdate(DesiredResource old, DesiredResource current) {
    events.add(
        new Event(old, current, cache.resource(current.reference()).orElse(null) == current));
  }

  @Override
  public void onDelete(DesiredResource old, boolean deletedFinalStateUnknown) {
    if (deletedFinalStateUnknown) {
      throw new AssertionError("a sync always knows the final state of " + old.reference());
    }
    events.add(new Event(old, null, cache.resource(old.reference()).isEmpty()));
  }
}
