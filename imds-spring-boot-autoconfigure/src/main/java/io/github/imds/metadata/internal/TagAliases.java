package io.github.imds.metadata.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names for tags that a placeholder can hold. In {@code ${...}} a {@code :} starts the default value, so
 * {@code ${ec2.tags.instance.aws:autoscaling:groupName:none}} cannot name the tag {@code aws:autoscaling:groupName}.
 * Two ways out, both derived from the {@code ec2.tags.instance.<Key>} keys:
 * <ul>
 * <li>aliases for the AWS tags applications ask for: {@code ec2.autoscaling.group-name},
 * {@code ec2.cloudformation.stack-name}, {@code ec2.cloudformation.stack-id} and
 * {@code ec2.cloudformation.logical-id};</li>
 * <li>for any tag key holding a {@code :}, a second key with every {@code :} written as {@code /}:
 * {@code ec2.tags.instance.team/owner} for the tag {@code team:owner}. Unambiguous: a tag key in instance
 * metadata may hold {@code + - = . , _ : @} but never {@code /}, so no real tag has that key.</li>
 * </ul>
 */
final class TagAliases {

	/** The prefix of the tag keys. */
	static final String TAGS_KEY = MetadataKeyMapper.PREFIX + ".tags.instance.";

	/** AWS tag keys and their alias. */
	static final Map<String, String> AWS_TAGS = Map.of("aws:autoscaling:groupName", "ec2.autoscaling.group-name",
			"aws:cloudformation:stack-name", "ec2.cloudformation.stack-name", "aws:cloudformation:stack-id",
			"ec2.cloudformation.stack-id", "aws:cloudformation:logical-id", "ec2.cloudformation.logical-id");

	private TagAliases() {
	}

	/**
	 * The aliases and escaped keys of the tags among mapped keys.
	 * @param properties the mapped keys
	 * @return the derived keys and their values
	 */
	static Map<String, String> aliases(Map<String, String> properties) {
		Map<String, String> aliases = new LinkedHashMap<>();
		properties.forEach((key, value) -> {
			if (key.startsWith(TAGS_KEY)) {
				String tag = key.substring(TAGS_KEY.length());
				String alias = AWS_TAGS.get(tag);
				if (alias != null) {
					aliases.put(alias, value);
				}
				if (tag.indexOf(':') >= 0) {
					aliases.put(escapedKey(tag), value);
				}
			}
		});
		return aliases;
	}

	/**
	 * The key of a tag that a placeholder can hold.
	 * @param tag the tag key, for example {@code team:owner}
	 * @return the key with every {@code :} as {@code /}, for example {@code ec2.tags.instance.team/owner}
	 */
	static String escapedKey(String tag) {
		return TAGS_KEY + tag.replace(':', '/');
	}

}
