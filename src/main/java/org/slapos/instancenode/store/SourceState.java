package org.slapos.instancenode.store;

/**
 * An instance DB row's hash and state, with the digest of the parameters the desired-state source
 * gave for it ({@code null} when none was recorded, as in a file the Python implementation wrote).
 */
public record SourceState(String hash, String validParameter, String sourceDigest) {}
