package org.slapos.instancenode.store;

/**
 * What a diff needs to know about one stored {@code instance} row, without its parameters.
 *
 * @param hash the stored parameters' hash
 * @param validParameter {@link InstanceRow#VALID}, {@link InstanceRow#INVALID} or {@link
 *     InstanceRow#STOPPED}
 * @param timestamp Unix seconds as text
 */
public record StoredSummary(String hash, String validParameter, String timestamp) {}
