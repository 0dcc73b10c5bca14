/**
 * Micrometer observations, meters and OpenTelemetry resource attributes for the EC2 Instance Metadata Service.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.observation;

import org.jspecify.annotations.NullMarked;
