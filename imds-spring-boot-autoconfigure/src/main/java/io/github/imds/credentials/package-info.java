/**
 * The instance role's credentials read from IMDS, refreshed in the background, and their AWS SDK v2
 * adapters.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.credentials;

import org.jspecify.annotations.NullMarked;
