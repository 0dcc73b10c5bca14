/**
 * Actuator support for the EC2 Instance Metadata Service: the {@code imds} health indicator, the
 * {@code imds} endpoint, request statistics, the diagnosis and Micrometer metrics.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.actuate;

import org.jspecify.annotations.NullMarked;
