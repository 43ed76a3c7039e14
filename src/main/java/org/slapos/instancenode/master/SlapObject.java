package org.slapos.instancenode.master;

import java.util.List;
import java.util.Objects;

/**
 * A Python object as {@code xml_marshaller} writes it: {@code <object id module class>} holding the
 * arguments of {@code __getinitargs__} (a tuple) and the object's state (usually the dict of its
 * attributes), e.g. the {@code slapos.slap.slap.SoftwareInstance} that {@code
 * requestComputerPartition} answers.
 *
 * @param module the Python module of the class, e.g. {@code slapos.slap.slap}
 * @param className the class name, e.g. {@code SoftwareInstance}
 * @param arguments the init arguments; usually empty
 * @param state the object's state: a {@code Map<String, Object>} for ordinary objects
 */
public record SlapObject(String module, String className, List<Object> arguments, Object state) {
  public SlapObject {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(className, "className");
    arguments = List.copyOf(arguments);
  }
}
