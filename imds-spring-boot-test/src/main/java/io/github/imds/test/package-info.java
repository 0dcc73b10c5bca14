/**
 * An in-JVM simulator of the EC2 Instance Metadata Service, with JUnit 5 and Spring test support.
 */
@org.jspecify.annotations.NullMarked
package io.github.imds.test;
