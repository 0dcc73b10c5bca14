package io.github.imds.ssrf;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keeps a copy of a request body while it streams to the first hop, up to a cap, for a redirect that must
 * send it again (a 307 or 308, or a 301 or 302 to a method other than {@code POST}). Beyond the cap the copy
 * is dropped, and such a redirect is refused; a body that was not written to its end (the server answered
 * before reading it all) is not replayed either.
 */
final class ReplayBuffer {

	/**
	 * The largest body kept for a replay.
	 */
	static final int MAX_REPLAY_BYTES = 256 * 1024;

	private final int cap;

	private ByteArrayOutputStream copy = new ByteArrayOutputStream();

	private volatile boolean overflowed;

	private volatile boolean complete;

	ReplayBuffer(int cap) {
		this.cap = cap;
	}

	/**
	 * Wraps the stream the body is written to: every byte goes on to it, and to the copy while that fits.
	 * @param out the first hop's body stream
	 * @return the stream to write the body to
	 */
	OutputStream tee(OutputStream out) {
		return new FilterOutputStream(out) {

			@Override
			public void write(int b) throws IOException {
				this.out.write(b);
				keep(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) throws IOException {
				this.out.write(bytes, offset, length);
				keep(bytes, offset, length);
			}

		};
	}

	private synchronized void keep(byte[] bytes, int offset, int length) {
		if (this.overflowed) {
			return;
		}
		if (this.copy.size() + length > this.cap) {
			this.overflowed = true;
			this.copy = new ByteArrayOutputStream(0);
			return;
		}
		this.copy.write(bytes, offset, length);
	}

	/**
	 * Marks the body as written to its end.
	 */
	void complete() {
		this.complete = true;
	}

	/**
	 * The body to send again.
	 * @param status the redirect status, for the message
	 * @param host the redirect's host, for the message
	 * @return the whole body
	 * @throws IOException when it was not kept: larger than the cap, or not written to its end
	 */
	synchronized byte[] replay(int status, String host) throws IOException {
		if (this.overflowed) {
			throw new IOException(("Refused to follow the %d redirect to the host '%s': it must send the request body "
					+ "again, and the body (more than %d bytes) was streamed to the first host without being kept, so "
					+ "that uploads are not held in memory. Send the request to the redirect's target directly, or "
					+ "send a repeatable body (a byte[], a String, a file Resource).")
				.formatted(status, host, this.cap));
		}
		if (!this.complete) {
			throw new IOException(("Refused to follow the %d redirect to the host '%s': it must send the request body "
					+ "again, and the first host answered before the body was written to its end.")
				.formatted(status, host));
		}
		return this.copy.toByteArray();
	}

}
