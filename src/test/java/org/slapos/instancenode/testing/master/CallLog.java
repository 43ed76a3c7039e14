package org.slapos.instancenode.testing.master;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every call the fake master received and every contract violation it saw. Thread-safe. */
final class CallLog {
  private final List<MasterCall> calls = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  MasterCall received(MasterCall call) {
    calls.add(call);
    return call;
  }

  void violation(String description) {
    violations.add(description);
  }

  List<MasterCall> calls() {
    return List.copyOf(calls);
  }

  List<MasterCall> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  List<String> violations() {
    return List.copyOf(violations);
  }
}
