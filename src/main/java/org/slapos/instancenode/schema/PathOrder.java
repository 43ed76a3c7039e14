package org.slapos.instancenode.schema;

import com.networknt.schema.path.NodePath;
import java.util.Comparator;

/**
 * Orders instance locations element by element: a parent before its children, property names
 * alphabetically, array indexes numerically ({@code $.b[2]} before {@code $.b[10]}), indexes before
 * names. The validator's own order ranks by depth and compares rendered text.
 */
final class PathOrder implements Comparator<NodePath> {
  static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(NodePath a, NodePath b) {
    int common = Math.min(a.getNameCount(), b.getNameCount());
    for (int i = 0; i < common; i++) {
      int order = compareElements(a.getElement(i), b.getElement(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.getNameCount(), b.getNameCount());
  }

  private static int compareElements(Object a, Object b) {
    if (a instanceof Integer x && b instanceof Integer y) {
      return Integer.compare(x, y);
    }
    if (a instanceof Integer || b instanceof Integer) {
      return a instanceof Integer ? -1 : 1;
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }
}
