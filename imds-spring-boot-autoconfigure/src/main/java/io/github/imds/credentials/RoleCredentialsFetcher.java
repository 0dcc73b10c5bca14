package io.github.imds.credentials;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.github.imds.client.ImdsClient;
import io.github.imds.client.ImdsJson;
import io.github.imds.client.ImdsResponse;
import io.github.imds.client.ImdsResponseException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the role credentials document from IMDS. Discovers the role once and remembers it; asks the extended
 * path first and remembers when it is absent, so that a rotation costs one GET.
 * <p>
 * Not thread-safe: the provider calls it from one refresh at a time.
 */
final class RoleCredentialsFetcher {

	static final String EXTENDED_PATH = "/latest/meta-data/iam/security-credentials-extended/";

	static final String LEGACY_PATH = "/latest/meta-data/iam/security-credentials/";

	private static final Log logger = LogFactory.getLog(RoleCredentialsFetcher.class);

	private final ImdsClient client;

	private final @Nullable String configuredRoleName;

	private @Nullable String discoveredRoleName;

	/** {@code null} until a request told whether the extended path exists. */
	private volatile @Nullable Boolean extended;

	RoleCredentialsFetcher(ImdsClient client, @Nullable String configuredRoleName) {
		this.client = client;
		this.configuredRoleName = (configuredRoleName != null && !configuredRoleName.isBlank())
				? configuredRoleName.trim() : null;
	}

	@Nullable String roleName() {
		return (this.configuredRoleName != null) ? this.configuredRoleName : this.discoveredRoleName;
	}

	@Nullable Boolean extended() {
		return this.extended;
	}

	/**
	 * Fetches the current credentials document.
	 * @return the credentials
	 * @throws NoInstanceProfileException when no role is attached
	 * @throws RoleCredentialsCodeException when IMDS answers a {@code Code} other than {@code Success}
	 * @throws ImdsResponseException when the document lacks a field or has an unparsable one
	 * @throws io.github.imds.client.ImdsException when the request fails
	 */
	RoleCredentials fetch() {
		if (this.configuredRoleName != null) {
			String role = this.configuredRoleName;
			return fetchDocument(role).orElseThrow(() -> new RoleCredentialsException(("IMDS has no credentials for "
					+ "role '%s' set by imds.credentials.role-name; the instance profile's role is listed at %s")
				.formatted(role, LEGACY_PATH), null));
		}
		String role = this.discoveredRoleName;
		if (role != null) {
			Optional<RoleCredentials> credentials = fetchDocument(role);
			if (credentials.isPresent()) {
				return credentials.get();
			}
			// The instance profile was replaced or detached since the role was discovered: look again.
			logger.info("IMDS no longer has credentials for role '%s'; discovering the role again".formatted(role));
			this.discoveredRoleName = null;
		}
		role = discoverRole();
		this.discoveredRoleName = role;
		return fetchDocument(role).orElseThrow(() -> new RoleCredentialsException(
				"IMDS lists role '%s' but has no credentials for it".formatted(this.discoveredRoleName), null));
	}

	private String discoverRole() {
		if (!Boolean.FALSE.equals(this.extended)) {
			Optional<String> role = listRole(EXTENDED_PATH);
			if (role.isPresent()) {
				this.extended = true;
				return role.get();
			}
		}
		Optional<String> role = listRole(LEGACY_PATH);
		if (role.isEmpty()) {
			throw new NoInstanceProfileException(LEGACY_PATH);
		}
		if (this.extended == null) {
			logger.debug("IMDS has no extended credentials path; using " + LEGACY_PATH);
			this.extended = false;
		}
		return role.get();
	}

	private Optional<String> listRole(String path) {
		Optional<ImdsResponse> response = this.client.get(path);
		if (response.isEmpty()) {
			return Optional.empty();
		}
		List<String> lines = response.get().asLines();
		return lines.stream().findFirst().map((line) -> line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
	}

	private Optional<RoleCredentials> fetchDocument(String role) {
		if (!Boolean.FALSE.equals(this.extended)) {
			Optional<ImdsResponse> response = this.client.get(EXTENDED_PATH + role);
			if (response.isPresent()) {
				this.extended = true;
				return Optional.of(parse(response.get(), role));
			}
			if (Boolean.TRUE.equals(this.extended)) {
				// The extended path is known to exist, so the 404 is about the role.
				return Optional.empty();
			}
			Optional<ImdsResponse> legacy = this.client.get(LEGACY_PATH + role);
			if (legacy.isPresent()) {
				logger.debug("IMDS has no extended credentials path; using " + LEGACY_PATH);
				this.extended = false;
			}
			// Both 404: the role is wrong (a mistyped imds.credentials.role-name), which says nothing about the
			// extended path, so it stays unknown and is asked again once the role exists.
			return legacy.map((document) -> parse(document, role));
		}
		return this.client.get(LEGACY_PATH + role).map((response) -> parse(response, role));
	}

	static RoleCredentials parse(ImdsResponse response, String role) {
		ImdsJson json = response.asJson();
		String path = response.path();
		String code = text(json, "Code");
		if (code != null && !"Success".equals(code)) {
			throw new RoleCredentialsCodeException(path, code, text(json, "Message"));
		}
		String accessKeyId = required(json, "AccessKeyId", response);
		String secretAccessKey = required(json, "SecretAccessKey", response);
		String token = required(json, "Token", response);
		String expiration = required(json, "Expiration", response);
		Instant expiresAt;
		try {
			expiresAt = Instant.parse(expiration);
		}
		catch (DateTimeParseException ex) {
			throw new ImdsResponseException(
					"Credentials response from %s has an 'Expiration' that is not an ISO-8601 instant".formatted(path),
					path, response.status(), null);
		}
		return new RoleCredentials(accessKeyId, secretAccessKey, token, expiresAt, role, text(json, "AccountId"));
	}

	private static String required(ImdsJson json, String field, ImdsResponse response) {
		String value = text(json, field);
		if (value == null || value.isBlank()) {
			throw new ImdsResponseException("Credentials response from %s has no '%s' field".formatted(response.path(),
					field), response.path(), response.status(), null);
		}
		return value;
	}

	private static @Nullable String text(ImdsJson json, String field) {
		ImdsJson node = json.get(field);
		return (node != null && node.isString()) ? node.asString() : null;
	}

}
