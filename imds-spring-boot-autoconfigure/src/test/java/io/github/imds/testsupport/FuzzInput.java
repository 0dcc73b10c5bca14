package io.github.imds.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What every fuzz test ({@code *FuzzTests}) shares: a fake secret planted into each input, and the check that
 * no exception (message, cause or suppressed) repeats any part of it. See docs/reliability.md, "Fuzzing".
 * <p>
 * The secret is planted where the input says {@code SECRET} (seeds put it where a real secret would be: a
 * token, a password, a property value), else at a position derived from the input itself, so that every run
 * of the same input is the same run.
 */
public final class FuzzInput {

	/** A fake secret: letters and digits, so that it can stand in any token of any format. */
	public static final String SECRET = "FAKEs3cr3tTOKENfake9876";

	private static final String MARKER = "SECRET";

	/** libFuzzer's default maximum input; seeds stay below it as well. */
	public static final int MAX_INPUT_BYTES = 4096;

	/** The shortest part of the secret that counts as a leak. */
	private static final int LEAK_WINDOW = 8;

	private FuzzInput() {
	}

	/**
	 * The fuzzer's bytes as UTF-8 text (invalid sequences become U+FFFD) with the secret planted.
	 * @param input the fuzzer's bytes
	 * @return the text
	 */
	public static String text(byte[] input) {
		return plant(new String(input, 0, Math.min(input.length, MAX_INPUT_BYTES), StandardCharsets.UTF_8));
	}

	/**
	 * The fuzzer's bytes as ISO-8859-1 bytes with the secret planted, for byte-level formats.
	 * @param input the fuzzer's bytes
	 * @return the bytes
	 */
	public static byte[] bytes(byte[] input) {
		String text = new String(input, 0, Math.min(input.length, MAX_INPUT_BYTES), StandardCharsets.ISO_8859_1);
		return plant(text).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String plant(String text) {
		if (text.contains(MARKER)) {
			return text.replace(MARKER, SECRET);
		}
		int at = Math.floorMod(text.hashCode(), text.length() + 1);
		return text.substring(0, at) + SECRET + text.substring(at);
	}

	/**
	 * Asserts that no message in the exception's chain (causes, suppressed) holds {@value #LEAK_WINDOW} or more
	 * consecutive characters of the secret.
	 * @param ex the exception a parser threw
	 */
	public static void assertNoSecretIn(Throwable ex) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		assertNoSecretIn(ex, seen);
	}

	/**
	 * Asserts that a text holds no {@value #LEAK_WINDOW} consecutive characters of the secret.
	 * @param what what the text is, for the failure message
	 * @param text the text
	 */
	public static void assertNoSecretIn(String what, String text) {
		for (int i = 0; i + LEAK_WINDOW <= SECRET.length(); i++) {
			if (text.contains(SECRET.substring(i, i + LEAK_WINDOW))) {
				throw new AssertionError("%s repeats part of the secret: %s".formatted(what, text));
			}
		}
	}

	/**
	 * Whether a text holds {@value #LEAK_WINDOW} or more consecutive characters of the secret.
	 * @param text the text
	 * @return whether it holds part of the secret
	 */
	public static boolean containsSecretPart(String text) {
		for (int i = 0; i + LEAK_WINDOW <= SECRET.length(); i++) {
			if (text.contains(SECRET.substring(i, i + LEAK_WINDOW))) {
				return true;
			}
		}
		return false;
	}

	private static void assertNoSecretIn(Throwable ex, Set<Throwable> seen) {
		if (!seen.add(ex)) {
			return;
		}
		assertNoSecretIn(ex.getClass().getSimpleName() + " message", String.valueOf(ex.getMessage()));
		assertNoSecretIn(ex.getClass().getSimpleName() + " toString", ex.toString());
		if (ex.getCause() != null) {
			assertNoSecretIn(ex.getCause(), seen);
		}
		for (Throwable suppressed : ex.getSuppressed()) {
			assertNoSecretIn(suppressed, seen);
		}
	}

}
