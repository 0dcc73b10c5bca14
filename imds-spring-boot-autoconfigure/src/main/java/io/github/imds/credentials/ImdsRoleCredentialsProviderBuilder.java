package io.github.imds.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

import io.github.imds.client.ImdsClient;
import org.jspecify.annotations.Nullable;

/**
 * Builder of {@link ImdsRoleCredentialsProvider}, from {@link ImdsRoleCredentialsProvider#builder(ImdsClient)}.
 *
 * @since 0.1.0
 */
public final class ImdsRoleCredentialsProviderBuilder {

	final ImdsClient client;

	@Nullable String roleName;

	Duration refreshBeforeExpiry = Duration.ofMinutes(15);

	boolean staticStability = true;

	Clock clock = Clock.systemUTC();

	Duration firstFetchTimeout = Duration.ofSeconds(10);

	Duration expiredRefreshTimeout = Duration.ofSeconds(2);

	@Nullable RefreshScheduler scheduler;

	Random random = new Random();

	ImdsRoleCredentialsProviderBuilder(ImdsClient client) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
	}

	/**
	 * The role whose credentials to read; {@code null} (default) discovers it from IMDS.
	 * @param roleName the role name or {@code null}
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder roleName(@Nullable String roleName) {
		this.roleName = roleName;
		return this;
	}

	/**
	 * How long before expiration to refresh (default 15 minutes); jittered, and half the remaining life for
	 * credentials that live less than twice that.
	 * @param refreshBeforeExpiry a positive duration
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder refreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		return this;
	}

	/**
	 * Whether to keep serving expired credentials while IMDS cannot give new ones (default {@code true}).
	 * @param staticStability whether to serve expired credentials
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder staticStability(boolean staticStability) {
		this.staticStability = staticStability;
		return this;
	}

	/**
	 * Clock for expiry and refresh times (default the system UTC clock).
	 * @param clock the clock
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * Longest wait of a {@link RoleCredentialsProvider#getCredentials()} call made before the first fetch
	 * completed (default 10 seconds).
	 * @param firstFetchTimeout a positive duration
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder firstFetchTimeout(Duration firstFetchTimeout) {
		this.firstFetchTimeout = firstFetchTimeout;
		return this;
	}

	/**
	 * Longest wait of a {@link RoleCredentialsProvider#getCredentials()} call that finds the credentials
	 * expired while IMDS was not asked since (after a host suspend, a stalled timer) for the refresh it starts
	 * (default 2 seconds). Static stability applies only when that refresh fails or does not end in time.
	 * @param expiredRefreshTimeout a positive duration
	 * @return this builder
	 */
	public ImdsRoleCredentialsProviderBuilder expiredRefreshTimeout(Duration expiredRefreshTimeout) {
		this.expiredRefreshTimeout = expiredRefreshTimeout;
		return this;
	}

	ImdsRoleCredentialsProviderBuilder scheduler(RefreshScheduler scheduler) {
		this.scheduler = scheduler;
		return this;
	}

	ImdsRoleCredentialsProviderBuilder random(Random random) {
		this.random = random;
		return this;
	}

	/**
	 * Builds the provider; {@link ImdsRoleCredentialsProvider#start()} starts it.
	 * @return the provider
	 * @throws IllegalArgumentException when a duration is not positive
	 */
	public ImdsRoleCredentialsProvider build() {
		Objects.requireNonNull(this.clock, "'clock' must not be null");
		requirePositive(this.refreshBeforeExpiry, "refreshBeforeExpiry");
		requirePositive(this.firstFetchTimeout, "firstFetchTimeout");
		requirePositive(this.expiredRefreshTimeout, "expiredRefreshTimeout");
		return new ImdsRoleCredentialsProvider(this);
	}

	private static void requirePositive(@Nullable Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'%s' must be positive but was '%s'".formatted(name, duration));
		}
	}

}
