package io.github.imds.test;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The instance profile of an {@link InstanceModel}: the role, its leaves under
 * {@code iam/}, the code its credentials answer with, and the {@link CredentialsIssuer}
 * behind them. Thread-safe.
 */
final class InstanceProfile {

	private final InstanceModel model;

	private final SimulatorClock clock;

	private final Object lock;

	private final CredentialsIssuer issuer;

	private volatile @Nullable String role;

	private volatile boolean extendedPath = true;

	private volatile @Nullable String code;

	private volatile @Nullable String message;

	private volatile Instant updated = Instant.EPOCH;

	/**
	 * Create the profile of a model.
	 * @param model the model whose tree holds the {@code iam/} leaves
	 * @param clock the simulator's clock
	 * @param lock the model's lock, held while several leaves change together
	 */
	InstanceProfile(InstanceModel model, SimulatorClock clock, Object lock) {
		this.model = model;
		this.clock = clock;
		this.lock = lock;
		this.issuer = new CredentialsIssuer(clock, "FAKE");
	}

	/**
	 * Back to the default role, with new credentials on the default schedule.
	 */
	void reset() {
		synchronized (this.lock) {
			this.issuer.reset();
			this.extendedPath = true;
			this.code = null;
			this.message = null;
			role(DefaultInstance.ROLE);
		}
	}

	void noInstanceProfile() {
		synchronized (this.lock) {
			this.role = null;
			this.model.remove(InstanceModel.META + "iam");
		}
	}

	void role(String name) {
		if (name.isEmpty() || name.contains("/")) {
			throw new IllegalArgumentException("Role name '%s' must be non-empty and must not contain '/'".formatted(name));
		}
		synchronized (this.lock) {
			this.model.remove(InstanceModel.META + "iam");
			this.role = name;
			this.updated = this.clock.instant();
			this.model.put("iam/info", this::info);
			this.model.put("iam/security-credentials/" + name, () -> credentials(false));
			if (this.extendedPath) {
				this.model.put("iam/security-credentials-extended/" + name, () -> credentials(true));
			}
			this.issuer.issueNow();
		}
	}

	@Nullable String role() {
		return this.role;
	}

	void extendedPath(boolean enabled) {
		synchronized (this.lock) {
			this.extendedPath = enabled;
			String name = this.role;
			if (!enabled) {
				this.model.remove(InstanceModel.META + "iam/security-credentials-extended");
			}
			else if (name != null) {
				this.model.put("iam/security-credentials-extended/" + name, () -> credentials(true));
			}
		}
	}

	void code(@Nullable String code, @Nullable String message) {
		this.code = code;
		this.message = message;
	}

	void lifetime(Duration lifetime) {
		this.issuer.lifetime(lifetime);
	}

	void rotation(Duration rotation) {
		this.issuer.rotation(rotation);
	}

	int issued() {
		return this.issuer.issued();
	}

	private byte @Nullable [] info() {
		String name = this.role;
		return (name != null) ? InstanceDocuments.iamInfo(name, this.updated, this.model.accountId()) : null;
	}

	private byte[] credentials(boolean extended) {
		InstanceDocuments documents = new InstanceDocuments(this.model, this.clock);
		String current = this.code;
		if (current != null && !"Success".equals(current)) {
			return documents.credentialsError(current, this.message);
		}
		return documents.credentials(this.issuer.current(), extended ? this.model.accountId() : null);
	}

}
