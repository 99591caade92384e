/**
 * A small order domain that the cqrs tests run the library on: an aggregate with a few rules,
 * its events, commands, snapshot codec and a read model kept in a
 * {@link dev.microlab.cqrs.PersistentMap}. It is test code of its own because a library module
 * never depends on {@code examples} (where the full worked example lives,
 * {@code dev.microlab.examples.order}); it has only what the tests need.
 */
package dev.microlab.cqrs.testdomain;
