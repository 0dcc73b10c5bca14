/**
 * Instance lifecycle notices (spot interruption, rebalance recommendation, Auto Scaling target lifecycle
 * state, scheduled maintenance) polled from IMDS and published as Spring application events.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.imds.lifecycle;

import org.jspecify.annotations.NullMarked;
