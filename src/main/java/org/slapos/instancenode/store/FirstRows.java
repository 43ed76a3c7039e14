package org.slapos.instancenode.store;

import java.util.List;

/**
 * The first rows of a selection of the {@code instance} table, ordered by reference, and how many
 * rows the selection holds in all: what a summary shows without reading every row.
 *
 * @param rows at most the bound the caller asked for
 * @param total every row of the selection, {@code rows} included
 */
public record FirstRows(List<InstanceRow> rows, int total) {
  public FirstRows {
    rows = List.copyOf(rows);
    if (total < rows.size()) {
      throw new IllegalArgumentException(total + " rows in all, fewer than the " + rows.size());
    }
  }

  /** How many rows of the selection are not in {@link #rows()}. */
  public int more() {
    return total - rows.size();
  }
}
