/**
 * A small, dependency-light client for the EC2 Instance Metadata Service: endpoint resolution, EC2
 * detection, the IMDSv2 token lifecycle, retries and request events. Plain JDK and Jackson, no Spring.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.client;

import org.jspecify.annotations.NullMarked;
