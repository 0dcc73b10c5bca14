/**
 * Internal to the starter: the auto-configuration wires these types; applications use the public types of
 * {@code io.github.imds.actuate}. Nothing here is API: it may change in any release.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.actuate.internal;

import org.jspecify.annotations.NullMarked;
