package org.slapos.instancenode.store;

/**
 * One change of an entry's recorded state, appended to the request DB's event log.
 *
 * @param at Unix seconds as text
 * @param fromState the state before ({@code valid}, {@code invalid}, {@code stopped}), null when
 *     the entry was new
 * @param toState the state after, null when the entry was forgotten
 * @param reason the reason code of the new state, null when valid
 * @param message what the user was told, without secrets
 */
public record StateEvent(
    String reference, String at, String fromState, String toState, String reason, String message) {}
