/**
 * The engine: {@code Pass} lists the desired state, validates it, syncs the informer cache, diffs
 * it against the request DB ({@code WorkPlanner}, with the removal safety valve) and queues what
 * needs work; {@code Node} wires a node's parts from its configuration; {@link
 * org.slapos.instancenode.engine.RunOnce} and {@link org.slapos.instancenode.engine.Daemon} drive
 * passes; {@link org.slapos.instancenode.engine.BangCoordinator} owes, coalesces and sends bangs
 * after the changes they announce are committed; {@link org.slapos.instancenode.engine.NodeLock}
 * keeps two nodes off the same databases. A pass never treats a failed listing as the removal of
 * entries.
 */
package org.slapos.instancenode.engine;
