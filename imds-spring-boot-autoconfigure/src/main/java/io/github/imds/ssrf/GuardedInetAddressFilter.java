package io.github.imds.ssrf;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.InetAddressFilter;

/**
 * The guard's rule {@code and} the application's own filter, when it has one. The guard is asked first, so
 * that an attempt to reach a metadata address is always counted, whatever the application's filter says.
 *
 * @param guard the guard
 * @param application the application's filter, or {@code null}
 */
record GuardedInetAddressFilter(ImdsSsrfGuard guard, @Nullable InetAddressFilter application)
		implements InetAddressFilter {

	/**
	 * Adds the guard to a filter, once.
	 * @param guard the guard
	 * @param filter the filter the settings had, or {@code null}
	 * @return the combined filter
	 */
	static InetAddressFilter around(ImdsSsrfGuard guard, @Nullable InetAddressFilter filter) {
		return (filter instanceof GuardedInetAddressFilter) ? filter : new GuardedInetAddressFilter(guard, filter);
	}

	/**
	 * Removes the guard from a filter, leaving the application's own.
	 * @param filter a filter, or {@code null}
	 * @return the application's filter, or {@code null} when there is none
	 */
	static @Nullable InetAddressFilter without(@Nullable InetAddressFilter filter) {
		return (filter instanceof GuardedInetAddressFilter guarded) ? guarded.application() : filter;
	}

	@Override
	public boolean matches(InetAddress address) {
		return this.guard.allows(address) && (this.application == null || this.application.matches(address));
	}

	@Override
	public String toString() {
		return (this.application != null) ? this.guard + " and " + this.application : this.guard.toString();
	}

}
