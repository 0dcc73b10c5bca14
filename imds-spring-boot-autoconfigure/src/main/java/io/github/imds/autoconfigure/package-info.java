/**
 * Auto-configuration and configuration properties for the EC2 Instance Metadata Service.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.autoconfigure;

import org.jspecify.annotations.NullMarked;
