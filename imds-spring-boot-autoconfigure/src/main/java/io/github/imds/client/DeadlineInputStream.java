package io.github.imds.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads from the socket with a timeout of the read timeout or what is left of the deadline, whichever is
 * shorter, and counts the bytes read.
 */
final class DeadlineInputStream extends InputStream {

	private final Socket socket;

	private final InputStream in;

	private final long deadline;

	private final int readTimeoutMillis;

	private long bytesRead;

	DeadlineInputStream(Socket socket, long deadline, int readTimeoutMillis) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.deadline = deadline;
		this.readTimeoutMillis = readTimeoutMillis;
	}

	long bytesRead() {
		return this.bytesRead;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		long left = HttpTransport.remainingMillis(this.deadline);
		if (left <= 0) {
			throw new DeadlineExceededException();
		}
		boolean deadlineFirst = left < this.readTimeoutMillis;
		this.socket.setSoTimeout((int) Math.min(left, this.readTimeoutMillis));
		try {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				this.bytesRead += n;
			}
			return n;
		}
		catch (SocketTimeoutException ex) {
			if (deadlineFirst) {
				throw new DeadlineExceededException();
			}
			throw ex;
		}
	}

	/** The exchange's deadline passed before the response was complete. */
	static final class DeadlineExceededException extends IOException {

	}

}
