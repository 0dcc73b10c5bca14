package io.github.imds.benchmarks;

import org.springframework.boot.json.BasicJsonParser;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first read of an identity document in a fresh JVM, with each parser the metadata load could use: what
 * chose Jackson's streaming parser for startup (Spring Boot's {@code BasicJsonParser} is cheaper still but
 * accepts a truncated document and does not decode unicode escapes). Run one JVM per mode, several times,
 * interleaved:
 * <pre>
 * CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * for i in 1 2 3 4 5; do for m in streaming databind boot; do java -cp "$CP" io.github.imds.benchmarks.JsonFirstUse $m; done; done
 * </pre>
 */
public final class JsonFirstUse {

	static final String IDENTITY = """
			{"accountId":"123456789012","architecture":"x86_64","availabilityZone":"us-east-1a",
			"billingProducts":null,"devpayProductCodes":null,"marketplaceProductCodes":null,
			"imageId":"ami-0abcdef1234567890","instanceId":"i-0123456789abcdef0","instanceType":"m5.large",
			"kernelId":null,"pendingTime":"2026-01-01T00:00:00Z","privateIp":"10.0.1.10","ramdiskId":null,
			"region":"us-east-1","version":"2017-09-30"}""";

	private JsonFirstUse() {
	}

	/**
	 * Reads the document once and prints {@code <mode>: <ms> ms}.
	 * @param args {@code streaming}, {@code databind} or {@code boot}
	 */
	public static void main(String[] args) {
		// what a Spring Boot application has loaded before the metadata load runs: lambdas, string concatenation
		Runnable warm = () -> { };
		warm.run();
		String mode = args[0];
		long start = System.nanoTime();
		int values = switch (mode) {
			case "streaming" -> streaming();
			case "databind" -> JsonMapper.builder().build().readTree(IDENTITY).size();
			case "boot" -> new BasicJsonParser().parseMap(IDENTITY).size();
			default -> throw new IllegalArgumentException("mode must be streaming, databind or boot, was '" + mode + "'");
		};
		System.out.printf("%s: %.1f ms (%d values)%n", mode, (System.nanoTime() - start) / 1e6, values);
	}

	private static int streaming() {
		int values = 0;
		try (JsonParser parser = new JsonFactory().createParser(ObjectReadContext.empty(), IDENTITY)) {
			while (parser.nextToken() != null) {
				if (parser.currentToken().isScalarValue()) {
					values++;
				}
			}
		}
		return values;
	}

}
