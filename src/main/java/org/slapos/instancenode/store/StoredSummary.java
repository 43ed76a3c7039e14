package org.slapos.instancenode.store;

/**
 * What a diff needs to know about one stored {@code instance} row, without its parameters.
 *
 * @param hash the stored parameters' hash
 * @param validParameter {@link InstanceRow#VALID}, {@link InstanceRow#INVALID} or {@link
 *     InstanceRow#STOPPED}
 * @param timestamp Unix seconds as text
 */
public record StoredSummary(String hash, String validParameter, String timestamp) {
  /**
   * This summary with its state read as {@link InstanceRow#stateOf} reads it: the Python node
   * writes a boolean ({@code 1}, {@code 0}) for valid and invalid.
   */
  public StoredSummary withStateRead() {
    return new StoredSummary(hash, InstanceRow.stateOf(validParameter), timestamp);
  }
}
