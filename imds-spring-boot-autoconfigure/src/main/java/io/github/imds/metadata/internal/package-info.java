/**
 * The startup load behind {@link io.github.imds.metadata.InstanceMetadata}: internal to the starter, whose
 * auto-configuration calls it; applications use the {@code InstanceMetadata} bean and the {@code ec2.*}
 * properties. Nothing here is API: it may change in any release.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.metadata.internal;

import org.jspecify.annotations.NullMarked;
