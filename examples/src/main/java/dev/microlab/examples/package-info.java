/**
 * Example applications built on the microlab patterns. They are what a user would write on top
 * of the library, kept out of the library jars: the catalog in {@code docs} and the benchmarks
 * run them.
 */
package dev.microlab.examples;
