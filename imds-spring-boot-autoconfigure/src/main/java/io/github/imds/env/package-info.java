/**
 * The {@code ec2InstanceMetadata} property source that exposes instance metadata as {@code ec2.*}
 * properties.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.env;

import org.jspecify.annotations.NullMarked;
