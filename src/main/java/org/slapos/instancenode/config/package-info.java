/**
 * Loading and checking the node's INI configuration (section {@code [slaposinstancenode]}).
 *
 * <p>{@link org.slapos.instancenode.config.IniFile} reads the file as Python's {@code
 * configparser.RawConfigParser} does, so a configuration written for the Python implementation is
 * read the same way. {@link org.slapos.instancenode.config.NodeConfig} turns the section into an
 * immutable, typed value: every key is known, every value is checked, relative paths are resolved
 * against the configuration file's directory, and all problems of a file are reported together in
 * one {@link org.slapos.instancenode.config.ConfigException}, each naming its file, line and key.
 * The value of {@code verification-secret} never appears in a message or in {@code toString()}.
 */
package org.slapos.instancenode.config;
