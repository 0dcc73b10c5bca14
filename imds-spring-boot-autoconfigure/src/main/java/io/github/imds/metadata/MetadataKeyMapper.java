package io.github.imds.metadata;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.imds.client.ImdsJson;
import org.jspecify.annotations.Nullable;

/**
 * Turns IMDS documents into {@code ec2.*} keys and values: the whole naming contract of the {@code ec2.*}
 * property source lives here, as pure functions without I/O, so that it can be tested table by table.
 * <ul>
 * <li>A meta-data path becomes {@code ec2.} + the path with {@code /} as {@code .}; segments keep their case
 * and characters (tag keys included), except a MAC address segment after {@code network/interfaces/macs/},
 * whose colons become {@code -}.</li>
 * <li>A text leaf is read as a newline list: lines trimmed, empty lines dropped, joined with {@code ,} (a
 * one-line value is just trimmed).</li>
 * <li>A JSON document is flattened under its key; names become kebab-case ({@code accountId} ->
 * {@code account-id}), nulls, empty arrays and empty objects are skipped, an array of scalars becomes a
 * comma-separated value, an array holding any object or array becomes indexed keys ({@code key[0].name}),
 * the form Spring Boot binds to a {@code List} as well.</li>
 * <li>The aliases users look for first are derived from the keys above by {@link #aliases(Map)}.</li>
 * </ul>
 */
final class MetadataKeyMapper {

	/** The prefix of every key. */
	static final String PREFIX = "ec2";

	/** The identity document's keys live under {@code ec2.identity}. */
	static final String IDENTITY_PREFIX = PREFIX + ".identity";

	/** RAW user data becomes this key, PROPERTIES user data keys below it. */
	static final String USER_DATA_KEY = PREFIX + ".user-data";

	/** The largest user data EC2 accepts; anything larger is not user data as we know it. */
	static final int MAX_USER_DATA_BYTES = 16 * 1024;

	private static final String MACS_PATH = "network/interfaces/macs/";

	private static final String MACS_KEY = PREFIX + ".network.interfaces.macs.";

	private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

	private MetadataKeyMapper() {
	}

	/**
	 * The key of a meta-data path.
	 * @param path a path relative to {@code /latest/meta-data/} (a leading {@code /} or trailing {@code /} is
	 * ignored)
	 * @return the key, for example {@code ec2.placement.availability-zone}
	 */
	static String key(String path) {
		String relative = strip(path);
		if (relative.isEmpty()) {
			return PREFIX;
		}
		String[] segments = relative.split("/");
		StringBuilder key = new StringBuilder(PREFIX);
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			// Only the segment that IS a MAC is rewritten: tag keys such as aws:autoscaling:groupName keep their colons.
			if (i == 3 && relative.startsWith(MACS_PATH) && isMac(segment)) {
				segment = macSegment(segment);
			}
			key.append('.').append(segment);
		}
		return key.toString();
	}

	/**
	 * Whether {@code value} is a MAC address as IMDS writes it.
	 * @param value the value
	 * @return {@code true} for six colon-separated hex pairs
	 */
	static boolean isMac(String value) {
		return MAC.matcher(value).matches();
	}

	/**
	 * A MAC address as it appears in a key: colons become {@code -} and letters lower case, so that the key
	 * has no colon (which separates a placeholder's default value).
	 * @param mac the MAC address, for example {@code 0e:1a:2b:3c:4d:5e}
	 * @return the key segment, for example {@code 0e-1a-2b-3c-4d-5e}
	 */
	static String macSegment(String mac) {
		return mac.trim().replace(':', '-').toLowerCase(Locale.ROOT);
	}

	/**
	 * The value of a text leaf: a newline list becomes a comma-separated value.
	 * @param body the response body
	 * @return the value; empty when the body holds only blank lines
	 */
	static String listValue(String body) {
		return body.lines().map(String::trim).filter((line) -> !line.isEmpty()).collect(Collectors.joining(","));
	}

	/**
	 * Whether a leaf's body is to be read as JSON rather than text.
	 * @param body the response body
	 * @return {@code true} when it starts with {@code &#123;} or {@code [}
	 */
	static boolean looksLikeJson(String body) {
		String trimmed = body.stripLeading();
		return trimmed.startsWith("{") || trimmed.startsWith("[");
	}

	/**
	 * Flattens a JSON document under {@code prefix}.
	 * @param prefix the key of the document, for example {@code ec2.iam.info}
	 * @param node the document
	 * @return the keys and values in document order
	 */
	static Map<String, String> flatten(String prefix, ImdsJson node) {
		Map<String, String> result = new LinkedHashMap<>();
		flatten(prefix, node, result);
		return result;
	}

	private static void flatten(String key, ImdsJson node, Map<String, String> result) {
		if (node.isNull()) {
			return;
		}
		if (node.isObject()) {
			for (Map.Entry<String, ImdsJson> property : node.properties()) {
				flatten(key + "." + kebabCase(property.getKey()), property.getValue(), result);
			}
		}
		else if (node.isArray()) {
			List<ImdsJson> elements = new ArrayList<>(node.values());
			if (elements.stream().allMatch(ImdsJson::isValueNode)) {
				String value = elements.stream()
					.filter((element) -> !element.isNull())
					.map(ImdsJson::asString)
					.collect(Collectors.joining(","));
				if (!value.isEmpty()) {
					result.put(key, value);
				}
			}
			else {
				for (int i = 0; i < elements.size(); i++) {
					flatten(key + "[" + i + "]", elements.get(i), result);
				}
			}
		}
		else {
			result.put(key, node.asString());
		}
	}

	/**
	 * A JSON name in kebab-case: {@code accountId} -> {@code account-id}, {@code InstanceProfileArn} ->
	 * {@code instance-profile-arn}, {@code IPAddress} -> {@code ip-address}, {@code snake_case} ->
	 * {@code snake-case}.
	 * @param name the name
	 * @return the kebab-case name
	 */
	static String kebabCase(String name) {
		StringBuilder result = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '_' || c == ' ' || c == '-') {
				appendDash(result);
			}
			else if (Character.isUpperCase(c)) {
				char previous = (i > 0) ? name.charAt(i - 1) : ' ';
				char next = (i + 1 < name.length()) ? name.charAt(i + 1) : ' ';
				boolean wordStart = Character.isLowerCase(previous) || Character.isDigit(previous)
						|| (Character.isUpperCase(previous) && Character.isLowerCase(next));
				if (wordStart) {
					appendDash(result);
				}
				result.append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		int end = result.length();
		while (end > 0 && result.charAt(end - 1) == '-') {
			end--;
		}
		return result.substring(0, end);
	}

	private static void appendDash(StringBuilder result) {
		if (result.length() > 0 && result.charAt(result.length() - 1) != '-') {
			result.append('-');
		}
	}

	/**
	 * Whether user data is text that may become a property: at most {@value #MAX_USER_DATA_BYTES} bytes, valid
	 * UTF-8 (checked by the caller's decoding) and no control character other than tab, CR and LF (a NUL or
	 * escape means a binary or gzip payload that no property user expects).
	 * @param text the decoded user data
	 * @param length its length in bytes
	 * @return {@code true} when it is usable text
	 */
	static boolean isUsableUserData(String text, int length) {
		if (length > MAX_USER_DATA_BYTES) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
				return false;
			}
		}
		return true;
	}

	/**
	 * User data in {@link Properties} format as {@code ec2.user-data.<key>} entries.
	 * @param text the user data
	 * @return the entries, in key order
	 * @throws IllegalArgumentException when the text is not in properties format (a malformed {@code \\u}
	 * escape); the message does not quote the text
	 */
	static Map<String, String> userDataProperties(String text) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(text));
		}
		catch (IOException | IllegalArgumentException ex) {
			// Properties' own message quotes the malformed part, which may be a secret.
			throw new IllegalArgumentException("user data is not in java.util.Properties format");
		}
		Map<String, String> result = new LinkedHashMap<>();
		properties.stringPropertyNames()
			.stream()
			.sorted()
			.forEach((name) -> result.put(USER_DATA_KEY + "." + name, properties.getProperty(name)));
		return result;
	}

	/**
	 * The aliases users look for first, derived from already mapped keys: {@code ec2.region},
	 * {@code ec2.account-id} and {@code ec2.availability-zone} (identity document first, then placement, for
	 * the account the instance profile ARN, then the primary interface's owner), and {@code ec2.vpc-id},
	 * {@code ec2.subnet-id} and {@code ec2.security-group-ids} of the primary interface (the one whose MAC is
	 * {@code ec2.mac}, else the one with {@code device-number} 0).
	 * @param properties the mapped keys
	 * @return the aliases that could be derived
	 */
	static Map<String, String> aliases(Map<String, String> properties) {
		Map<String, String> aliases = new LinkedHashMap<>();
		String primary = primaryInterfaceKey(properties);
		putFirst(aliases, "ec2.region", properties.get(IDENTITY_PREFIX + ".region"),
				properties.get("ec2.placement.region"));
		putFirst(aliases, "ec2.account-id", properties.get(IDENTITY_PREFIX + ".account-id"),
				accountOfArn(properties.get("ec2.iam.info.instance-profile-arn")),
				(primary != null) ? properties.get(primary + ".owner-id") : null);
		putFirst(aliases, "ec2.availability-zone", properties.get("ec2.placement.availability-zone"),
				properties.get(IDENTITY_PREFIX + ".availability-zone"));
		if (primary != null) {
			putFirst(aliases, "ec2.vpc-id", properties.get(primary + ".vpc-id"));
			putFirst(aliases, "ec2.subnet-id", properties.get(primary + ".subnet-id"));
			putFirst(aliases, "ec2.security-group-ids", properties.get(primary + ".security-group-ids"));
		}
		return aliases;
	}

	/**
	 * The key prefix of the primary network interface.
	 * @param properties the mapped keys
	 * @return for example {@code ec2.network.interfaces.macs.0e-1a-2b-3c-4d-5e}, or {@code null}
	 */
	static @Nullable String primaryInterfaceKey(Map<String, String> properties) {
		String mac = properties.get("ec2.mac");
		if (mac != null && !mac.isBlank()) {
			return MACS_KEY + macSegment(mac);
		}
		String suffix = ".device-number";
		for (Map.Entry<String, String> entry : properties.entrySet()) {
			String key = entry.getKey();
			if (key.startsWith(MACS_KEY) && key.endsWith(suffix) && "0".equals(entry.getValue().trim())
					&& key.indexOf('.', MACS_KEY.length()) == key.length() - suffix.length()) {
				return key.substring(0, key.length() - suffix.length());
			}
		}
		return null;
	}

	private static @Nullable String accountOfArn(@Nullable String arn) {
		// arn:partition:iam::ACCOUNT:instance-profile/name
		if (arn == null) {
			return null;
		}
		String[] parts = arn.split(":", 6);
		return (parts.length == 6 && parts[0].equals("arn") && !parts[4].isEmpty()) ? parts[4] : null;
	}

	private static void putFirst(Map<String, String> aliases, String key, @Nullable String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && !candidate.isBlank()) {
				aliases.put(key, candidate);
				return;
			}
		}
	}

	private static String strip(String path) {
		int start = 0;
		int end = path.length();
		while (start < end && path.charAt(start) == '/') {
			start++;
		}
		while (end > start && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(start, end);
	}

}
