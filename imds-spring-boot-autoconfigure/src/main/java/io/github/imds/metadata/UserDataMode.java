package io.github.imds.metadata;

/**
 * Whether and how {@code /latest/user-data} becomes {@code ec2.*} properties. User data may hold secrets, so
 * it is only read when asked for.
 *
 * @since 0.1.0
 */
public enum UserDataMode {

	/**
	 * User data is not requested at all.
	 */
	NONE,

	/**
	 * The whole user data becomes {@code ec2.user-data}, when it is UTF-8 text of at most 16 KiB.
	 */
	RAW,

	/**
	 * User data is read in {@link java.util.Properties} format and each entry becomes
	 * {@code ec2.user-data.<key>}.
	 */
	PROPERTIES

}
