package io.github.imds.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.jspecify.annotations.Nullable;

import io.github.imds.test.Faults.PathFault;

/**
 * The broken answers of {@link Faults.PathFault}s: a truncated JSON document, an oversized
 * or empty body, a body that dribbles in, a redirect, or bytes that are not UTF-8.
 */
final class PathFaultResponses {

	private PathFaultResponses() {
	}

	/**
	 * The answer of a path with a fault.
	 * @param fault the fault
	 * @param body the body the path would answer without the fault, {@code null} for 404
	 * @param lastModified the {@code Last-Modified} time of successful answers
	 * @return the response
	 */
	static ResponseDefinitionBuilder of(PathFault fault, byte @Nullable [] body, Instant lastModified) {
		if (fault instanceof PathFault.Malformed) {
			return Ec2Framing.ok("{\"Code\":\"Success\",\"LastUpdated\":\"2026-01-01T00:00:00Z\",\"AccessKeyId\":"
				.getBytes(StandardCharsets.UTF_8), "text/plain", lastModified);
		}
		if (fault instanceof PathFault.Oversized oversized) {
			byte[] big = new byte[oversized.bytes()];
			Arrays.fill(big, (byte) 'x');
			return Ec2Framing.ok(big, "text/plain", lastModified);
		}
		if (fault instanceof PathFault.Slow slow) {
			if (body == null) {
				return Ec2Framing.error(404);
			}
			int chunks = Math.max(1, Math.min(slow.chunks(), body.length));
			return Ec2Framing.ok(body, "text/plain", lastModified)
				.withChunkedDribbleDelay(chunks, (int) slow.total().toMillis());
		}
		if (fault instanceof PathFault.Empty) {
			return Ec2Framing.ok(new byte[0], "text/plain", lastModified);
		}
		if (fault instanceof PathFault.Redirect redirect) {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(redirect.status())
				.withHeader("Location", redirect.location())
				.withBody(new byte[0]);
		}
		ByteArrayOutputStream invalid = new ByteArrayOutputStream();
		invalid.writeBytes("bad".getBytes(StandardCharsets.US_ASCII));
		invalid.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE });
		return Ec2Framing.ok(invalid.toByteArray(), "text/plain", lastModified);
	}

}
