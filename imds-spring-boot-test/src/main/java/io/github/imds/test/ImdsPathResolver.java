package io.github.imds.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Maps a request path onto an {@link InstanceModel} as EC2 does
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html):
 * <ul>
 * <li>{@code /} lists the API versions; {@code /<version>/} lists the top-level categories
 * of that version, and a dated version serves the data of {@code latest} for the
 * categories that existed then ({@link ApiVersions});</li>
 * <li>a directory answers its listing with or without the trailing slash, sub-directories
 * ending with {@code /}; a leaf asked with a trailing slash answers like the leaf (the
 * Python SDK asks for {@code placement/availability-zone/});</li>
 * <li>repeated slashes count as one, which EC2 tolerates (ex-aws/ex_aws#496);</li>
 * <li>{@code public-keys/} lists {@code 0=<key name>}, and {@code public-keys/0/} lists
 * {@code openssh-key}.</li>
 * </ul>
 */
final class ImdsPathResolver {

	private static final String PUBLIC_KEYS = InstanceModel.META + "public-keys/";

	private static final Pattern SLASHES = Pattern.compile("/{2,}");

	private final InstanceModel model;

	ImdsPathResolver(InstanceModel model) {
		this.model = model;
	}

	/**
	 * Collapse repeated slashes.
	 */
	static String normalize(String path) {
		String normalized = (path.indexOf("//") >= 0) ? SLASHES.matcher(path).replaceAll("/") : path;
		return normalized.isEmpty() ? "/" : normalized;
	}

	/**
	 * Whether a path is the token path of some version, {@code /latest/api/token} with
	 * or without a trailing slash.
	 */
	static boolean isTokenPath(String path) {
		String normalized = normalize(path);
		String[] segments = normalized.substring(1).split("/");
		return segments.length == 3 && ApiVersions.isVersion(segments[0]) && "api".equals(segments[1])
				&& "token".equals(segments[2]);
	}

	/**
	 * Resolve a request path.
	 * @param path the decoded request path
	 * @return what to answer, or {@code null} for 404
	 */
	@Nullable Resolved resolve(String path) {
		String normalized = normalize(path);
		if ("/".equals(normalized)) {
			return Resolved.listing(ApiVersions.VERSIONS);
		}
		String rest = normalized.substring(1);
		int slash = rest.indexOf('/');
		String version = (slash < 0) ? rest : rest.substring(0, slash);
		if (!ApiVersions.isVersion(version)) {
			return null;
		}
		String relative = (slash < 0) ? "" : rest.substring(slash + 1);
		if (!relative.isEmpty() && !ApiVersions.existsIn(version, relative)) {
			return null;
		}
		String latest = InstanceModel.LATEST + relative;
		String leafPath = latest.endsWith("/") ? latest.substring(0, latest.length() - 1) : latest;
		if (!relative.isEmpty() && this.model.isLeaf(leafPath)) {
			byte[] body = this.model.leaf(leafPath);
			return (body != null) ? new Resolved(body, InstanceModel.USER_DATA.equals(leafPath)) : null;
		}
		String directory = leafPath + "/";
		List<String> children = new ArrayList<>();
		for (String child : listing(directory)) {
			if (ApiVersions.existsIn(version, directory.substring(InstanceModel.LATEST.length()) + child)) {
				children.add(child);
			}
		}
		return children.isEmpty() ? null : Resolved.listing(children);
	}

	private Set<String> listing(String directory) {
		Set<String> children = this.model.children(directory);
		if (PUBLIC_KEYS.equals(directory)) {
			return publicKeys(children);
		}
		if (InstanceModel.LATEST.equals(directory)) {
			// top-level entries are listed without the slash: "dynamic", "meta-data"
			Set<String> names = new java.util.TreeSet<>();
			children.forEach((child) -> names.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child));
			return names;
		}
		return children;
	}

	/**
	 * {@code 0=my-key}: the index and the key name, the last word of the OpenSSH key.
	 */
	private Set<String> publicKeys(Set<String> indexes) {
		Set<String> entries = new java.util.TreeSet<>();
		for (String index : indexes) {
			String number = index.endsWith("/") ? index.substring(0, index.length() - 1) : index;
			byte[] key = this.model.leaf(PUBLIC_KEYS + number + "/openssh-key");
			String text = (key != null) ? new String(key, StandardCharsets.UTF_8).trim() : "";
			int space = text.lastIndexOf(' ');
			entries.add(number + "=" + ((space >= 0) ? text.substring(space + 1) : ""));
		}
		return entries;
	}

	/**
	 * What a path answers.
	 *
	 * @param body the body
	 * @param binary whether the body is user data ({@code application/octet-stream})
	 */
	record Resolved(byte[] body, boolean binary) {

		static Resolved listing(Iterable<String> names) {
			return new Resolved(String.join("\n", names).getBytes(StandardCharsets.UTF_8), false);
		}

	}

	/**
	 * The request path without query, percent-decoded; {@code +} stays a plus sign because
	 * tag keys may contain it.
	 */
	static String requestPath(String url) {
		int query = url.indexOf('?');
		String raw = (query >= 0) ? url.substring(0, query) : url;
		if (raw.indexOf('%') < 0) {
			return raw;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
				out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static boolean isHex(char c) {
		return Character.digit(c, 16) >= 0;
	}

}
