/**
 * Reading the instance's metadata into an immutable {@link io.github.imds.metadata.InstanceMetadata} snapshot
 * of {@code ec2.*} keys; depends only on the {@code client} package, the JDK and Jackson's streaming parser,
 * never on Spring. The loader is in {@code internal}: the starter calls it, applications read the snapshot.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.metadata;

import org.jspecify.annotations.NullMarked;
