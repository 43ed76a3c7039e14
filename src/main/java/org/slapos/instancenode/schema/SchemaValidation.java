package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one entry's parameters.
 *
 * @param parameters the parameters as they were validated: unwrapped from their {@code _} key and
 *     unstringified when asked; a node of its own, never the caller's input. When the input could
 *     not be read as an object it is the input object itself (copied) if there was one, else empty.
 * @param errors every error found, ordered by path (a parent before its children, names
 *     alphabetically, array indexes numerically), then as the validator reported them; empty when
 *     the parameters are valid
 */
public record SchemaValidation(ObjectNode parameters, List<SchemaError> errors) {

  public SchemaValidation {
    Objects.requireNonNull(parameters, "parameters");
    errors = List.copyOf(errors);
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
